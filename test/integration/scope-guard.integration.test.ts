import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/table.ts';
import { caseKey } from '../../shared/cases/case.ts';
import { journalEntryKey } from '../../shared/cases/journal/journal-entry.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import { type ItemKey, tenantPrefix } from '../../shared/data/keys.ts';
import { runInScope, scopeFor, systemScope } from '../../shared/data/scope.ts';
import { guardClient, makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { ScopeViolationError } from '../../shared/errors.ts';

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const scopeA = scopeFor({ role: 'structure-admin', userId: randomUUID(), tenantId: tenantA });
const tableName = `appui-test-${randomUUID().slice(0, 8)}`;

let admin: DynamoDBClient;
/** A guarded client used in system scopes: set-up and reading back. */
let system: DynamoDBDocumentClient;
/** The client under test, as a function builds it. */
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  const connection = { region: 'eu-west-3', endpoint: inject('dynamoEndpoint') };
  admin = guardClient(makeDynamoClient(connection));
  system = toDocumentClient(admin);
  db = makeGuardedDocumentClient(connection);
  await runInScope(systemScope('test set-up'), () => ensureTable(admin, tableName));
});

afterAll(async () => {
  await runInScope(systemScope('test tear-down'), () =>
    admin.send(new DeleteTableCommand({ TableName: tableName })),
  );
  db.destroy();
  admin.destroy();
});

const inA = <T>(fn: () => Promise<T>): Promise<T> => runInScope(scopeA, fn);
const asSystem = <T>(fn: () => Promise<T>): Promise<T> => runInScope(systemScope('test'), fn);

/** One case of each tenant, fresh for each test, with a note that tests change. */
async function aCaseInEachTenant(): Promise<{ caseId: string; a: ItemKey; b: ItemKey }> {
  const caseId = randomUUID();
  const a = caseKey(tenantA, caseId);
  const b = caseKey(tenantB, caseId);
  await asSystem(() =>
    system.send(
      new TransactWriteCommand({
        TransactItems: [a, b].map((key) => ({
          Put: { TableName: tableName, Item: { ...key, type: 'case', note: 'original' } },
        })),
      }),
    ),
  );
  return { caseId, a, b };
}

async function readBack(key: ItemKey): Promise<Record<string, unknown> | undefined> {
  const { Item } = await asSystem(() =>
    system.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
  );
  return Item;
}

async function refusal(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await inA(fn);
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the scope guard to refuse, but the request went through');
}

describe("the scope guard against DynamoDB Local, in tenant A's scope", () => {
  it("gets A's item and refuses B's", async () => {
    const { a, b } = await aCaseInEachTenant();

    const { Item } = await inA(() => db.send(new GetCommand({ TableName: tableName, Key: a })));
    const error = await refusal(() => db.send(new GetCommand({ TableName: tableName, Key: b })));

    expect(Item).toMatchObject({ ...a, note: 'original' });
    expect(error).toBeInstanceOf(ScopeViolationError);
  });

  it("queries A's partition and refuses B's", async () => {
    const { a } = await aCaseInEachTenant();
    const query = (tenantId: string) =>
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: { ':pk': tenantPrefix(tenantId), ':sk': a.SK },
      });

    const { Items } = await inA(() => db.send(query(tenantA)));
    const error = await refusal(() => db.send(query(tenantB)));

    expect(Items).toEqual([expect.objectContaining(a)]);
    expect(error).toBeInstanceOf(ScopeViolationError);
  });

  it("puts into A's partition and refuses to put into B's", async () => {
    const { a, b } = await aCaseInEachTenant();
    const put = (key: ItemKey) =>
      new PutCommand({ TableName: tableName, Item: { ...key, type: 'case', note: 'replaced' } });

    await inA(() => db.send(put(a)));
    const error = await refusal(() => db.send(put(b)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(await readBack(a)).toMatchObject({ note: 'replaced' });
    expect(await readBack(b)).toMatchObject({ note: 'original' });
  });

  it("updates A's item and refuses to update B's", async () => {
    const { a, b } = await aCaseInEachTenant();
    const update = (key: ItemKey) =>
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #note = :note',
        ExpressionAttributeNames: { '#note': 'note' },
        ExpressionAttributeValues: { ':note': 'updated' },
      });

    await inA(() => db.send(update(a)));
    const error = await refusal(() => db.send(update(b)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(await readBack(a)).toMatchObject({ note: 'updated' });
    expect(await readBack(b)).toMatchObject({ note: 'original' });
  });

  it("deletes A's item and refuses to delete B's", async () => {
    const { a, b } = await aCaseInEachTenant();

    await inA(() => db.send(new DeleteCommand({ TableName: tableName, Key: a })));
    const error = await refusal(() => db.send(new DeleteCommand({ TableName: tableName, Key: b })));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(await readBack(a)).toBeUndefined();
    expect(await readBack(b)).toMatchObject({ note: 'original' });
  });

  it("writes a transaction on A's items and refuses one that touches B's, whole", async () => {
    const { caseId, a, b } = await aCaseInEachTenant();
    const setNote = (key: ItemKey, note: string) => ({
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET note = :note',
        ExpressionAttributeValues: { ':note': note },
      },
    });
    const second = journalEntryKey(tenantA, caseId, '2026-01-05', randomUUID());

    const error = await refusal(() =>
      db.send(
        new TransactWriteCommand({ TransactItems: [setNote(a, 'mixed'), setNote(b, 'mixed')] }),
      ),
    );
    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(await readBack(a)).toMatchObject({ note: 'original' });
    expect(await readBack(b)).toMatchObject({ note: 'original' });

    await inA(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            setNote(a, 'both'),
            { Put: { TableName: tableName, Item: { ...second, type: 'journal-entry' } } },
          ],
        }),
      ),
    );
    expect(await readBack(a)).toMatchObject({ note: 'both' });
    expect(await readBack(second)).toMatchObject({ type: 'journal-entry' });
  });

  it("batch-gets A's items and refuses a batch that names B's", async () => {
    const first = await aCaseInEachTenant();
    const other = await aCaseInEachTenant();
    const batch = (...Keys: ItemKey[]) =>
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys, ConsistentRead: true } } });

    const { Responses } = await inA(() => db.send(batch(first.a, other.a)));
    const error = await refusal(() => db.send(batch(first.a, first.b)));

    expect(Responses?.[tableName]).toHaveLength(2);
    expect(error).toBeInstanceOf(ScopeViolationError);
  });

  it('refuses a Scan, and any request made with no scope', async () => {
    const { a } = await aCaseInEachTenant();

    const scan = await refusal(() => db.send(new ScanCommand({ TableName: tableName })));
    const unscoped = await db.send(new GetCommand({ TableName: tableName, Key: a })).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(scan).toBeInstanceOf(ScopeViolationError);
    expect(unscoped).toBeInstanceOf(ScopeViolationError);
  });
});
