/**
 * `npm run retention -- [--dry-run] [--date 2029-01-01]`: the retention job on the local data
 * (or TABLE_NAME/DYNAMODB_ENDPOINT's), then what it erased — or, in a dry run, what it would
 * erase — one line per support: kind, ids, dates, counts. Nothing personal is printed.
 */
import { parseArgs } from 'node:util';
import { parseOrRefuse } from '../shared/common/validation.ts';
import {
  makeRetention,
  RetentionIncompleteError,
  type RetentionReport,
  retentionOptions,
} from '../shared/retention/retention.ts';
import { defaultSettings } from '../shared/use-case.ts';
import { runScript, table, withLocalTable } from './local-connection.ts';

const usage = `Usage :
  npm run retention -- [--dry-run] [--date AAAA-MM-JJ]

Efface les données personnelles dont la durée de conservation est écoulée : dossiers clos depuis
plus de ${defaultSettings.personalDataRetentionYears} ans après le dernier contact, prescriptions refusées, retirées ou expirées
depuis plus de ${defaultSettings.declinedReferralRetentionMonths} mois. Un talon pseudonyme garde la contribution aux statistiques.
  --dry-run   liste ce qui serait effacé, sans rien écrire
  --date      le jour de l’exécution (par défaut : aujourd’hui, en UTC)

Base utilisée : DYNAMODB_ENDPOINT si elle est donnée ; sinon le DynamoDB Local de « npm start »
s’il tourne ; sinon un DynamoDB Local démarré le temps de l’exécution sur .data/dynamodb.
Table : TABLE_NAME (appui-local par défaut).`;

const kindNames = { case: 'dossier', referral: 'prescription' } as const;

function print(report: RetentionReport): void {
  const verb = report.dryRun ? 'serait effacé' : 'effacé';
  for (const erasure of report.erasures) {
    console.log(
      `${kindNames[erasure.kind]} ${erasure.id} (structure ${erasure.tenantId}) : ${verb}, ` +
        `conservation depuis le ${erasure.since}, échue le ${erasure.purgeOn}, ` +
        `${erasure.items} élément(s)${report.dryRun ? '' : ` en ${erasure.transactions} transaction(s)`}`,
    );
  }
  const cases = report.erasures.filter((erasure) => erasure.kind === 'case').length;
  const referrals = report.erasures.length - cases;
  console.log(
    `${report.dryRun ? 'Simulation au' : 'Conservation au'} ${report.date} : ${cases} dossier(s) et ` +
      `${referrals} prescription(s) ${report.dryRun ? 'à effacer' : 'effacés'} ` +
      `(${report.itemsRead} lu(s) dans l’index de purge, ${report.skipped} pas encore échu(s))` +
      `${report.dryRun ? ' ; rien n’a été écrit.' : '.'}`,
  );
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  const options = parseOrRefuse(retentionOptions, {
    date: values.date,
    dryRun: values['dry-run'] ?? false,
  });
  return withLocalTable(async (db) => {
    const retain = makeRetention({
      db,
      tableName: table,
      now: () => new Date(),
      settings: defaultSettings,
    });
    try {
      print(await retain(options));
      return 0;
    } catch (error: unknown) {
      if (!(error instanceof RetentionIncompleteError)) throw error;
      print(error.report);
      console.error(
        `En échec (réessayés à la prochaine exécution) : ${error.report.failed.join(', ')}`,
      );
      return 1;
    }
  });
}

runScript(main, { usage, failure: 'La conservation n’a pas pu se faire' });
