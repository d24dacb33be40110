/**
 * `npm run tenant:offboard -- --tenant <id> --archive <file.jsonl.gz> [--delete --confirm <SIRET>]`:
 * a structure leaves the service (shared/offboarding/offboard-structure.ts). The archive is written first,
 * read back and checked; only then, with `--delete` and the structure's SIRET as confirmation,
 * are its accounts, its data and its encryption key deleted. Against the table of TABLE_NAME
 * (DYNAMODB_ENDPOINT for DynamoDB Local), like `npm run tenant:create`.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { id as idSchema } from '../shared/common/fields.ts';
import { loadConfig, loadUserPoolId } from '../shared/config.ts';
import { openItem } from '../shared/crypto/sealed-items.ts';
import { runInScope, systemScope } from '../shared/data/scope.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { ValidationError } from '../shared/errors.ts';
import {
  type IdentityRemover,
  makeCognitoIdentityRemover,
  makeTableIdentityRemover,
} from '../shared/identity/remover.ts';
import {
  type ArchiveTrailer,
  archiveTenant,
  deleteTenant,
  verifyArchive,
} from '../shared/offboarding/offboard-structure.ts';
import { operatorTenantKeys, runScript } from './local-connection.ts';

const usage = `Usage :
  npm run tenant:offboard -- --tenant <id> --archive <fichier.jsonl.gz>
      écrit l’archive de toutes les données de la structure (notes en clair), puis la relit et la vérifie ;
  npm run tenant:offboard -- --tenant <id> --archive <fichier.jsonl.gz> --delete --confirm <SIRET>
      écrit et vérifie l’archive, puis supprime la structure : comptes de ses utilisateurs, toutes ses
      données, sa clé de chiffrement (ses notes deviennent illisibles dans toute sauvegarde).

Variables : TABLE_NAME (obligatoire), DYNAMODB_ENDPOINT (DynamoDB Local), AWS_REGION, APPUI_STAGE,
USER_POOL_ID (comptes Cognito), APPUI_NOTE_KEYS=kms (clés KMS en AWS ; sinon fichiers sous .data/keys).`;

const options = {
  tenant: { type: 'string' },
  archive: { type: 'string' },
  delete: { type: 'boolean' },
  confirm: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function readFlags(args: string[]) {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  if (values.help === true) return 'help' as const;
  const problems: { name: string; reason: string }[] = [];
  if (values.tenant === undefined) problems.push({ name: '--tenant', reason: 'obligatoire' });
  else if (!idSchema.safeParse(values.tenant).success) {
    problems.push({
      name: '--tenant',
      reason: `identifiant de structure attendu, « ${values.tenant} » reçu`,
    });
  }
  if (values.archive === undefined) problems.push({ name: '--archive', reason: 'obligatoire' });
  else if (existsSync(values.archive) && values.force !== true) {
    problems.push({
      name: '--archive',
      reason: `le fichier ${values.archive} existe déjà (--force pour le remplacer)`,
    });
  }
  if (values.delete === true && values.confirm === undefined) {
    problems.push({
      name: '--confirm',
      reason: 'le SIRET de la structure, pour confirmer la suppression',
    });
  }
  if (values.delete !== true && values.confirm !== undefined) {
    problems.push({ name: '--confirm', reason: 'sans objet sans --delete' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    tenantId: values.tenant ?? '',
    archive: resolve(values.archive ?? ''),
    delete: values.delete === true,
    confirm: values.confirm ?? '',
  };
}

function identityRemover(region: string): { remover: IdentityRemover; close: () => void } {
  const userPoolId = loadUserPoolId();
  if (userPoolId === undefined) return { remover: makeTableIdentityRemover(), close: () => {} };
  const client = new CognitoIdentityProviderClient({ region });
  return {
    remover: makeCognitoIdentityRemover({ client, userPoolId }),
    close: () => client.destroy(),
  };
}

/** Writes the archive, gzipped, one JSON document per line; only the operator may read it. */
async function writeArchive(
  path: string,
  produce: (write: (line: string) => Promise<void>) => Promise<ArchiveTrailer>,
): Promise<ArchiveTrailer> {
  const file = createWriteStream(path, { mode: 0o600 });
  const gzip = createGzip();
  gzip.pipe(file);
  const write = (line: string) =>
    new Promise<void>((done, fail) => {
      gzip.write(`${line}\n`, (error) => (error ? fail(error) : done()));
    });
  const trailer = await produce(write);
  gzip.end();
  await finished(file);
  return trailer;
}

async function readArchive(path: string): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: createReadStream(path).pipe(createGunzip()) });
  for await (const line of reader) lines.push(line);
  return lines;
}

async function main(args: string[]): Promise<number> {
  const flags = readFlags(args);
  if (flags === 'help') {
    console.log(usage);
    return 0;
  }
  const config = loadConfig();
  const tenantKeys = operatorTenantKeys(config);
  const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const identity = identityRemover(config.region);
  const deps = { db, tableName: config.tableName, now: () => new Date() };
  const operator = `tenant:offboard (${process.env.USER ?? 'opérateur'})`;
  try {
    return await runInScope(systemScope('tenant:offboard'), async () => {
      const written = await writeArchive(flags.archive, (write) =>
        archiveTenant(deps, flags.tenantId, {
          operator,
          // Notes in clear; one that can no longer be opened stays as it was stored.
          unseal: (item) => openItem(item, tenantKeys, { keepUnreadable: true }),
          write,
        }),
      );
      const checked = verifyArchive(await readArchive(flags.archive), flags.tenantId);
      if (checked.items !== written.items || checked.sha256 !== written.sha256) {
        throw new Error(
          'l’archive relue ne correspond pas à ce qui a été écrit : rien n’est supprimé',
        );
      }
      console.log(
        `Archive écrite et vérifiée : ${flags.archive} (${checked.items} éléments, SHA-256 ${checked.sha256}). Elle contient des données personnelles en clair : à remettre à la structure par un canal sûr, puis à détruire.`,
      );
      if (!flags.delete) return 0;
      const report = await deleteTenant(deps, flags.tenantId, {
        confirm: flags.confirm,
        archive: checked,
        operator,
        identities: identity.remover,
        keys: tenantKeys,
      });
      console.log(
        `Structure « ${report.structure.name} » (SIRET ${report.structure.siret}) supprimée : ${report.users} compte(s), ${report.items} élément(s), clé de chiffrement détruite.`,
      );
      return 0;
    });
  } finally {
    db.destroy();
    identity.close();
  }
}

runScript(main, { usage, failure: 'Départ de la structure interrompu' });
