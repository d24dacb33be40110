/**
 * `npm run stats:rebuild [-- --check]`: recomputes every statistics counter from the referrals
 * and case files themselves — for after a fix in the projector — and says what differed. With
 * `--check` it only compares (exit code 1 when something differs). Same DynamoDB as
 * `npm run sweep` (see scripts/local-connection.ts); in AWS, run it with DYNAMODB_ENDPOINT unset,
 * AWS credentials of an operator and the projector's event source mapping disabled meanwhile.
 */
import { parseArgs } from 'node:util';
import { runInScope, systemScope } from '../shared/data/scope.ts';
import { rebuildStatistics } from '../shared/stats/rebuild.ts';
import { runScript, table, withLocalTable } from './local-connection.ts';

const usage = `Usage :
  npm run stats:rebuild [-- --check]

Recalcule tous les compteurs statistiques à partir des prescriptions et des dossiers.
  --check   compare seulement, sans rien écrire (code de sortie 1 si un écart est trouvé)`;

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  return withLocalTable(async (db) => {
    const write = values.check !== true;
    const report = await runInScope(systemScope('stats:rebuild'), () =>
      rebuildStatistics({ db, tableName: table }, { write }),
    );
    console.log(
      `${report.regions} région(s), ${report.structures} structure(s), ${report.sources} prescription(s) recalculée(s), ${report.rowsCompared} ligne(s) de compteurs comparée(s).`,
    );
    for (const difference of report.differences) console.log(`  écart : ${difference}`);
    if (report.differences.length === 0) {
      console.log('Aucun écart : les compteurs sont ceux que donnent les dossiers.');
      return 0;
    }
    if (!write) {
      console.log(
        `${report.differences.length} écart(s) ; relancez sans --check pour les corriger.`,
      );
      return 1;
    }
    console.log(
      `${report.itemsWritten} élément(s) réécrit(s), ${report.itemsDeleted} supprimé(s) : les compteurs sont recalculés.`,
    );
    return 0;
  });
}

runScript(main, { usage, failure: 'Le recalcul n’a pas pu se faire' });
