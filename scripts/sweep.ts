/**
 * `npm run sweep -- [--date 2027-03-01] [--time-zone Indian/Reunion]…`: the morning sweep of
 * deadlines on the local data, then what it did, in French, per structure and kind of alert.
 *
 * Which DynamoDB: DYNAMODB_ENDPOINT when it is set; otherwise the DynamoDB Local of a running
 * `npm start` (it says where in `.data/local-stack.json`); otherwise one started on
 * `.data/dynamodb` for the time of the sweep. The sweep writes: its alerts and the moved due
 * dates stay, as the morning of `--date` would leave them (`npm start -- --fresh` starts over).
 */
import { parseArgs } from 'node:util';
import { structureNames, sweepSummary } from '../infra/local/sweep-summary.ts';
import { parseOrRefuse } from '../shared/common/validation.ts';
import {
  makeSweep,
  SweepIncompleteError,
  type SweepReport,
  sweepOptions,
} from '../shared/deadlines/sweep.ts';
import { sweptTimeZones } from '../shared/deadlines/sweep-rules.ts';
import { runScript, table, withLocalTable } from './local-connection.ts';

const usage = `Usage :
  npm run sweep -- [--date AAAA-MM-JJ] [--time-zone <fuseau>]...

Passe le balayage des échéances sur les données locales et dit ce qu’il a levé.
  --date        la journée à balayer dans chaque fuseau horaire (sans elle : la date du jour de chacun)
  --time-zone   seulement ce fuseau (répétable), par exemple Indian/Reunion ; tous par défaut :
                ${sweptTimeZones().join(', ')}

Base utilisée : DYNAMODB_ENDPOINT si elle est donnée ; sinon le DynamoDB Local de « npm start »
s’il tourne ; sinon un DynamoDB Local démarré le temps du balayage sur .data/dynamodb.
Table : TABLE_NAME (appui-local par défaut). Le balayage écrit : relancé, il ne lève rien deux fois.`;

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      'time-zone': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  // Checked before anything starts: a mistyped date says so at once.
  const options = parseOrRefuse(sweepOptions, {
    date: values.date,
    // Without a date, each zone for its own today, whatever the hour.
    timeZones: values['time-zone'] ?? (values.date === undefined ? sweptTimeZones() : undefined),
  });
  return withLocalTable(async (db) => {
    const deps = { db, tableName: table, now: () => new Date() };
    const print = async (report: SweepReport) => {
      for (const line of sweepSummary(report, await structureNames(deps, report))) {
        console.log(line);
      }
    };
    try {
      await print(await makeSweep(deps)(options));
      return 0;
    } catch (error: unknown) {
      if (!(error instanceof SweepIncompleteError)) throw error;
      await print(error.report);
      console.error(`Éléments en échec : ${error.failedItems.join(', ')}`);
      return 1;
    }
  });
}

runScript(main, { usage, failure: 'Le balayage n’a pas pu se faire' });
