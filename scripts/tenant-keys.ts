/**
 * `npm run tenant:keys [-- --dry-run]`: gives every structure its note key when it has none —
 * once, before the version that seals notes is deployed on a table whose structures were
 * created earlier (a structure created since gets its key with it). The structures are read
 * from the prescribers' directory, region by region (one Query each, never a Scan); `provision`
 * is idempotent, so running it twice changes nothing. KMS keys with `APPUI_NOTE_KEYS=kms`, key
 * files under `.data/keys` otherwise.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../shared/config.ts';
import { runInScope, systemScope } from '../shared/data/scope.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { regions } from '../shared/measure/territory.ts';
import { listDirectory } from '../shared/referrals/referral-store.ts';
import { operatorTenantKeys, runScript } from './local-connection.ts';

const usage = `Usage :
  npm run tenant:keys               donne sa clé de chiffrement des notes à chaque structure qui n’en a pas
  npm run tenant:keys -- --dry-run  liste les structures, sans rien créer

Variables : TABLE_NAME (obligatoire), DYNAMODB_ENDPOINT (DynamoDB Local), AWS_REGION, APPUI_STAGE,
APPUI_NOTE_KEYS=kms (clés KMS en AWS ; sinon fichiers sous .data/keys).`;

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  const config = loadConfig();
  const tenantKeys = operatorTenantKeys(config);
  const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  try {
    return await runInScope(systemScope('tenant:keys'), async () => {
      let count = 0;
      for (const region of Object.keys(regions)) {
        for (const structure of await listDirectory(
          { db, tableName: config.tableName },
          region,
          undefined,
        )) {
          count += 1;
          if (values['dry-run'] !== true) await tenantKeys.provision(structure.id);
          console.log(`${structure.id}  ${structure.name}`);
        }
      }
      console.log(
        values['dry-run'] === true
          ? `${count} structure(s) ; rien n’a été créé (--dry-run).`
          : `${count} structure(s) : chacune a sa clé.`,
      );
      return 0;
    });
  } finally {
    db.destroy();
  }
}

runScript(main, { usage, failure: 'Clés des structures non créées' });
