/**
 * A structure leaves the service, on DynamoDB Local: the archive holds every item of its
 * partition with its notes in clear and checks itself; the deletion refuses a wrong SIRET, then
 * removes the accounts, the e-mail claims, the items and the key (its notes never open again),
 * leaves the other tenant, the region's statistics and the prescribers' follow-ups as they were,
 * and records the departure. Then `npm run tenant:offboard` as an operator runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoData, type DemoData } from '../../infra/local/demo-data.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import { journalEntryItem } from '../../shared/cases/journal/journal-entry.ts';
import { newId } from '../../shared/common/ids.ts';
import { localKeysDir } from '../../shared/crypto/defaults.ts';
import { makeLocalTenantKeys } from '../../shared/crypto/local-keys.ts';
import { openItem, sealItem } from '../../shared/crypto/sealed-items.ts';
import { NoteUnreadableError, type TenantKeys } from '../../shared/crypto/tenant-keys.ts';
import { indexPartitions, orgPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import { emailClaimKey } from '../../shared/identity/email-claim.ts';
import {
  type ArchiveTrailer,
  archiveTenant,
  deleteTenant,
  offboardedKey,
  verifyArchive,
} from '../../shared/offboarding/offboard-structure.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

const note = 'Zéphirine Quatorze évoque une sortie de détention récente.';

let table: TestTable;
let demo: DemoData;
let tenantKeys: TenantKeys;
let dataDir: string;
let leaving: DemoData['structures'][number];
let staying: DemoData['structures'][number];

const deps = () => ({ db: table.db, tableName: table.tableName, now: () => new Date() });

async function partition(pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

async function archiveOf(tenantId: string): Promise<{ lines: string[]; trailer: ArchiveTrailer }> {
  const lines: string[] = [];
  const trailer = await archiveTenant(deps(), tenantId, {
    operator: 'test',
    unseal: (item) => openItem(item, tenantKeys, { keepUnreadable: true }),
    write: async (line) => {
      lines.push(line);
    },
  });
  return { lines, trailer };
}

beforeAll(async () => {
  table = await aFreshTable();
  dataDir = mkdtempSync(join(tmpdir(), 'appui-offboarding-'));
  tenantKeys = makeLocalTenantKeys(localKeysDir(dataDir));
  const now = new Date();
  await seedDemoData(table.db, table.tableName, now, tenantKeys);
  demo = buildDemoData(now);
  const [first, second] = demo.structures;
  if (first === undefined || second === undefined) throw new Error('two demo structures expected');
  leaving = first;
  staying = second;
  const someCase = demo.cases.find((candidate) => candidate.tenantId === leaving.id);
  if (someCase === undefined) throw new Error('a demo case of the leaving structure expected');
  await table.db.send(
    new PutCommand({
      TableName: table.tableName,
      Item: await sealItem(
        journalEntryItem(leaving.id, {
          id: newId(),
          caseId: someCase.id,
          authorId: someCase.referentId ?? newId(),
          kind: 'interview',
          date: '2026-01-05',
          durationMinutes: 30,
          topics: ['justice'],
          actions: [],
          partners: [],
          summary: note,
        }),
        tenantKeys,
      ),
    }),
  );
}, 120_000);

describe('a structure leaving the service', () => {
  it('archives every item of its partition, notes in clear, and the archive checks itself', async () => {
    const stored = await partition(tenantPrefix(leaving.id));
    expect(JSON.stringify(stored)).not.toContain('Zéphirine');

    const { lines, trailer } = await archiveOf(leaving.id);

    expect(trailer.items).toBe(stored.length);
    expect(lines).toHaveLength(stored.length + 2);
    expect(lines.join('\n')).toContain(note);
    expect(lines.join('\n')).not.toContain(tenantPrefix(staying.id));
    expect(verifyArchive(lines, leaving.id)).toEqual(trailer);
    // A line lost, or an archive of another structure, is found out.
    expect(() => verifyArchive([...lines.slice(0, 3), ...lines.slice(4)], leaving.id)).toThrow(
      /ne correspond pas/,
    );
    expect(() => verifyArchive(lines.slice(0, -1), leaving.id)).toThrow(/tronquée/);
    expect(() => verifyArchive(lines, staying.id)).toThrow(/en-tête/);
  });

  it('deletes nothing with a wrong SIRET, then its accounts, items and key with the right one', async () => {
    const { trailer } = await archiveOf(leaving.id);
    const users = (await partition(tenantPrefix(leaving.id))).filter(
      (item) => item.type === 'user',
    );
    expect(users.length).toBeGreaterThan(0);
    const stayingBefore = await partition(tenantPrefix(staying.id));
    const region = leaving.territory.region;
    const statsKeys = await partition(`STATS#${region}#ALL`);
    const orgs = [
      ...new Set(demo.referrals.filter((r) => r.tenantId === leaving.id).map((r) => r.orgId)),
    ];
    const followUpsBefore = await Promise.all(orgs.map((org) => partition(orgPrefix(org))));
    const removed: string[] = [];
    const options = {
      archive: trailer,
      operator: 'test',
      identities: { remove: async (email: string) => void removed.push(email) },
      keys: tenantKeys,
    };

    await expect(
      deleteTenant(deps(), leaving.id, { ...options, confirm: staying.siret }),
    ).rejects.toThrow(/rien n’est supprimé/);
    expect((await partition(tenantPrefix(leaving.id))).length).toBe(trailer.items);
    expect(removed).toEqual([]);

    const sealedNote = (await partition(tenantPrefix(leaving.id))).find(
      (item) => item.type === 'journal-entry' && item.sealed !== undefined,
    );
    const report = await deleteTenant(deps(), leaving.id, { ...options, confirm: leaving.siret });

    expect(report).toMatchObject({ users: users.length, items: trailer.items });
    expect(await partition(tenantPrefix(leaving.id))).toEqual([]);
    expect(removed.sort()).toEqual(users.map((user) => String(user.email)).sort());
    for (const email of removed) {
      const { Item } = await table.db.send(
        new GetCommand({ TableName: table.tableName, Key: emailClaimKey(email) }),
      );
      expect(Item).toBeUndefined();
    }
    // Crypto-shredding: a copy of a note kept anywhere (a backup) no longer opens.
    if (sealedNote === undefined) throw new Error('a sealed note expected');
    await expect(openItem(sealedNote, tenantKeys)).resolves.toMatchObject({
      summary: expect.stringContaining('illisible'),
    });
    await expect(
      tenantKeys.unseal(
        leaving.id,
        { field: 'summary', item: String(sealedNote.SK) },
        new Uint8Array(8),
      ),
    ).rejects.toBeInstanceOf(NoteUnreadableError);

    // The rest of the platform as it was.
    expect(await partition(tenantPrefix(staying.id))).toEqual(stayingBefore);
    expect(await partition(`STATS#${region}#ALL`)).toEqual(statsKeys);
    expect(await Promise.all(orgs.map((org) => partition(orgPrefix(org))))).toEqual(
      followUpsBefore,
    );
    const directory = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexPartitions.directory(region) },
      }),
    );
    expect(JSON.stringify(directory.Items)).not.toContain(leaving.id);
    const { Item: record } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: offboardedKey(leaving.id) }),
    );
    expect(record).toMatchObject({
      name: leaving.name,
      siret: leaving.siret,
      archivedItems: trailer.items,
      archiveSha256: trailer.sha256,
    });
    expect(JSON.stringify(record)).not.toContain('@');
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function offboard(args: string[]): Promise<Run> {
  const { USER_POOL_ID: _noCognito, APPUI_NOTE_KEYS: _noKms, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/tenant-offboard.ts', ...args],
      {
        env: {
          ...env,
          TABLE_NAME: table.tableName,
          DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
          APPUI_DATA_DIR: dataDir,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run tenant:offboard', () => {
  it('says what is missing, in French, and touches nothing', async () => {
    const run = await offboard(['--archive', join(dataDir, 'x.jsonl.gz')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tenant : obligatoire');
    const noConfirm = await offboard([
      '--tenant',
      staying.id,
      '--archive',
      join(dataDir, 'y.jsonl.gz'),
      '--delete',
    ]);
    expect(noConfirm.code).toBe(2);
    expect(noConfirm.stderr).toContain('--confirm');
  }, 60_000);

  it('writes the archive, then deletes the structure when confirmed', async () => {
    const archive = join(dataDir, 'archive.jsonl.gz');
    const before = await partition(tenantPrefix(staying.id));
    const run = await offboard([
      '--tenant',
      staying.id,
      '--archive',
      archive,
      '--delete',
      '--confirm',
      staying.siret,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Archive écrite et vérifiée');
    expect(run.stdout).toContain('supprimée');
    const lines = gunzipSync(readFileSync(archive)).toString('utf8').trim().split('\n');
    expect(verifyArchive(lines, staying.id).items).toBe(before.length);
    expect(await partition(tenantPrefix(staying.id))).toEqual([]);

    const again = await offboard(['--tenant', staying.id, '--archive', archive, '--force']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Aucune structure');
  }, 60_000);
});
