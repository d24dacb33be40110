import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoData } from '../../infra/local/demo-data.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import { localKeysDir } from '../../shared/crypto/defaults.ts';
import { localKeyPath } from '../../shared/crypto/local-keys.ts';
import { orgPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import { userKey } from '../../shared/identity/user.ts';

import { structureKey } from '../../shared/organisations/structure.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The local key files of the scripts run here: never the working tree's `.data/`. */
const dataDir = mkdtempSync(join(tmpdir(), 'appui-tenant-create-'));

/** `npm run tenant:create -- …` (or another operator script) as an operator runs it, against the test's table. */
function tenantCreate(table: TestTable, args: string[], script = 'tenant-create'): Promise<Run> {
  const {
    USER_POOL_ID: _noCognito,
    APPUI_NOTE_KEYS: _noKms,
    APPUI_KEYS_DIR: _dir,
    ...env
  } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `scripts/${script}.ts`, ...args],
      {
        env: {
          ...env,
          TABLE_NAME: table.tableName,
          DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
          APPUI_DATA_DIR: dataDir,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

function structureFlags(email: string, overrides: Record<string, string> = {}): string[] {
  const flags: Record<string, string> = {
    name: 'Association Kaz’Emploi',
    siret: '73282932000074',
    kind: 'association',
    region: '04',
    departement: '974',
    capacity: '40',
    'amount-cents': '80000',
    'esf-percent': '70',
    'admin-email': email,
    'admin-first-name': 'Nadia',
    'admin-last-name': 'Grondin',
    ...overrides,
  };
  return Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]);
}

function idAfter(label: string, output: string): string {
  const line = output.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
  const id = line?.match(uuid)?.[0];
  if (id === undefined) throw new Error(`no ${label} in:\n${output}`);
  return id;
}

describe('npm run tenant:create', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await aFreshTable();
  });

  it('creates a structure and its admin, prints their ids and exits 0', async () => {
    const email = `direction.${randomUUID().slice(0, 8)}@kaz-emploi.test`;

    const run = await tenantCreate(table, structureFlags(email));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const tenantId = idAfter('tenantId', run.stdout);
    const userId = idAfter('userId', run.stdout);
    const { Item: structure } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: structureKey(tenantId) }),
    );
    expect(structure).toMatchObject({
      name: 'Association Kaz’Emploi',
      timeZone: 'Indian/Reunion',
      cofinancing: { esfPercent: 70, statePercent: 30 },
    });
    const { Item: admin } = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: userKey(tenantPrefix(tenantId), userId),
      }),
    );
    expect(admin).toMatchObject({ email, role: 'structure-admin' });
    // Its notes' key, with it.
    expect(existsSync(localKeyPath(localKeysDir(dataDir), tenantId))).toBe(true);
  });

  it('gives a key to each structure created before notes were sealed, once (npm run tenant:keys)', async () => {
    const older = await aFreshTable();
    await seedDemoData(older.db, older.tableName, new Date());
    const structures = buildDemoData(new Date()).structures;

    const dry = await tenantCreate(older, ['--dry-run'], 'tenant-keys');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${structures.length} structure(s) ; rien n’a été créé`);
    for (const structure of structures) {
      expect(existsSync(localKeyPath(localKeysDir(dataDir), structure.id))).toBe(false);
    }

    const run = await tenantCreate(older, [], 'tenant-keys');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const keyFiles = structures.map((structure) =>
      readFileSync(localKeyPath(localKeysDir(dataDir), structure.id)),
    );
    const again = await tenantCreate(older, [], 'tenant-keys');
    expect(again.code).toBe(0);
    expect(
      structures.map((structure) =>
        readFileSync(localKeyPath(localKeysDir(dataDir), structure.id)),
      ),
    ).toEqual(keyFiles);
  }, 60_000);

  it('creates a prescriber organisation with --prescriber-org', async () => {
    const run = await tenantCreate(table, [
      '--prescriber-org',
      '--name',
      'Mission locale Nord',
      '--kind',
      'mission-locale',
      '--departement',
      '974',
      '--admin-email',
      `conseil.${randomUUID().slice(0, 8)}@ml-nord.test`,
      '--admin-first-name',
      'Patrick',
      '--admin-last-name',
      'Fontaine',
    ]);

    expect(run.code).toBe(0);
    const orgId = idAfter('orgId', run.stdout);
    const userId = idAfter('userId', run.stdout);
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: userKey(orgPrefix(orgId), userId) }),
    );
    expect(Item).toMatchObject({ role: 'prescriber', orgId });
  });

  it('exits 1 naming the field and its flag for a bad SIRET, without a stack trace', async () => {
    const run = await tenantCreate(
      table,
      structureFlags(`x.${randomUUID().slice(0, 8)}@test.test`, { siret: '73282932000075' }),
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('siret (--siret) : SIRET invalide (clé de contrôle)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 listing every missing flag', async () => {
    const run = await tenantCreate(table, ['--name', 'Sans le reste']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--siret : obligatoire');
    expect(run.stderr).toContain('--admin-email : obligatoire');
  });
});
