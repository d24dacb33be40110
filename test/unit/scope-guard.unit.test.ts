import {
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.ts';
import { toDocumentClient } from '../../shared/data/client.ts';
import { funderPrefix, orgPrefix, statsPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import {
  currentScope,
  isKeyInScope,
  runInScope,
  type Scope,
  scopeFor,
  systemScope,
  widenScope,
} from '../../shared/data/scope.ts';
import { guardClient, partitionKeysOf, scopeGuardName } from '../../shared/data/scope-guard.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { dueIndexKeys } from '../../shared/deadlines/due-index.ts';
import { AppError, ScopeViolationError } from '../../shared/errors.ts';
import { toProblem } from '../../shared/http/problem.ts';
import { userByEmailIndexKeys } from '../../shared/identity/user.ts';
import { directoryIndexKeys } from '../../shared/organisations/structure.ts';
import { inboxIndexKeys } from '../../shared/referrals/referral.ts';

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const orgId = '0192f0a0-0000-7000-8000-0000000000c0';
const userId = '0192f0a0-0000-7000-8000-0000000000d0';
const A = tenantPrefix(tenantA);
const B = tenantPrefix(tenantB);
const table = 'appui-test';
const otherTable = 'appui-archive';
const { byRelation, byOwner, byDueDate } = tableDefinition.indexes;

const tenantScope = (tenantId: string): Scope => scopeFor({ role: 'referent', userId, tenantId });

/** The error `fn` throws; fails the test when it throws nothing. */
async function thrownBy(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

describe('partitionKeysOf', () => {
  it('reads the partition of GetItem and DeleteItem keys, marshalled or plain', () => {
    expect(
      partitionKeysOf('GetItemCommand', {
        TableName: table,
        Key: { PK: { S: A }, SK: { S: 'STRUCTURE' } },
      }),
    ).toEqual([A]);
    expect(
      partitionKeysOf('GetItem', { TableName: table, Key: { PK: A, SK: 'STRUCTURE' } }),
    ).toEqual([A]);
    expect(
      partitionKeysOf('DeleteItemCommand', {
        TableName: table,
        Key: { PK: { S: B }, SK: { S: 'X' } },
      }),
    ).toEqual([B]);
  });

  it('reads the table partition and every listing index partition a put item carries', () => {
    const item = {
      PK: A,
      SK: 'REFERRAL#r1',
      ...inboxIndexKeys(tenantA, 'submitted', '2026-01-05', 'r1'),
      ...userByEmailIndexKeys('someone@example.org'),
      note: 'kept out',
    };
    expect(partitionKeysOf('PutItemCommand', { TableName: table, Item: item })).toEqual([
      A,
      `${A}#INBOX`,
      'EMAIL#someone@example.org',
    ]);
    expect(
      partitionKeysOf('PutItemCommand', {
        TableName: table,
        Item: { PK: { S: A }, SK: { S: 'X' }, GSI1PK: { S: `${B}#INBOX` } },
      }),
    ).toEqual([A, `${B}#INBOX`]);
  });

  it('lets a tenant write put its item in the shared due-date index, which only the sweep reads', () => {
    const item = {
      PK: A,
      SK: 'CASE#c1',
      ...dueIndexKeys('Indian/Reunion', tenantA, 'CASE#c1', '2026-12-01'),
    };
    expect(partitionKeysOf('PutItemCommand', { TableName: table, Item: item })).toEqual([A]);
    expect(
      partitionKeysOf('QueryCommand', {
        TableName: table,
        IndexName: 'DUE',
        KeyConditionExpression: 'DUEPK = :p AND DUESK <= :d',
        ExpressionAttributeValues: { ':p': 'DUE#Indian/Reunion#0', ':d': '2026-12-01#~' },
      }),
    ).toEqual(['DUE#Indian/Reunion#0']);
  });

  it('reads the key of an update and the index partitions its expression sets', () => {
    expect(
      partitionKeysOf('UpdateItemCommand', {
        TableName: table,
        Key: { PK: { S: A }, SK: { S: 'CASE#c1' } },
        UpdateExpression:
          'SET #phase = :phase, #gsi1 = :caseload, GSI2PK = if_not_exists(GSI2PK, :cases) REMOVE DUEPK, #note ADD #version :one',
        ExpressionAttributeNames: {
          '#phase': 'phase',
          '#gsi1': byRelation.partitionKey,
          '#note': 'note',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ':phase': { S: 'support' },
          ':caseload': { S: `${A}#REFERENT#u1` },
          ':cases': { S: `${A}#CASES` },
          ':one': { N: '1' },
        },
      }),
    ).toEqual([A, `${A}#REFERENT#u1`, `${A}#CASES`]);
  });

  it('reads index partitions given by legacy AttributeUpdates', () => {
    expect(
      partitionKeysOf('UpdateItem', {
        TableName: table,
        Key: { PK: A, SK: 'CASE#c1' },
        AttributeUpdates: {
          GSI1PK: { Action: 'PUT', Value: `${B}#INBOX` },
          DUEPK: { Action: 'DELETE' },
        },
      }),
    ).toEqual([A, `${B}#INBOX`]);
  });

  it('refuses an update that computes a partition key it cannot read', () => {
    const update = (UpdateExpression: string) => () =>
      partitionKeysOf('UpdateItemCommand', {
        TableName: table,
        Key: { PK: A, SK: 'CASE#c1' },
        UpdateExpression,
        ExpressionAttributeNames: { '#g': byRelation.partitionKey },
        ExpressionAttributeValues: { ':v': `${A}#INBOX` },
      });
    expect(update('SET #g = #other')).toThrow(ScopeViolationError);
    expect(update('SET #g = if_not_exists(note, :v)')).toThrow(ScopeViolationError);
    expect(update('SET GSI1PK = :v + :v')).toThrow(ScopeViolationError);
    expect(update('ADD #g :v')).toThrow(ScopeViolationError);
    expect(update('SET note = :v')).not.toThrow();
  });

  it('reads the equality on the table partition key of a query, through placeholders', () => {
    expect(
      partitionKeysOf('QueryCommand', {
        TableName: table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :case)',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: { ':pk': { S: A }, ':case': { S: 'CASE#c1' } },
      }),
    ).toEqual([A]);
    expect(
      partitionKeysOf('Query', {
        TableName: table,
        KeyConditionExpression: ':pk=PK and SK between :from and :to',
        ExpressionAttributeValues: { ':pk': B, ':from': 'A', ':to': 'B' },
      }),
    ).toEqual([B]);
  });

  it.each([
    [byRelation.name, byRelation.partitionKey, `${A}#INBOX`],
    [byOwner.name, byOwner.partitionKey, `${A}#CASES`],
    [byDueDate.name, byDueDate.partitionKey, `${A}#DUE`],
  ])('reads the partition of a query on index %s from %s', (IndexName, attribute, value) => {
    expect(
      partitionKeysOf('QueryCommand', {
        TableName: table,
        IndexName,
        KeyConditionExpression: '#pk = :pk AND #sk >= :from',
        ExpressionAttributeNames: { '#pk': attribute, '#sk': 'anything' },
        ExpressionAttributeValues: { ':pk': { S: value }, ':from': { S: '2026' } },
      }),
    ).toEqual([value]);
  });

  it('reads legacy KeyConditions', () => {
    expect(
      partitionKeysOf('QueryCommand', {
        TableName: table,
        IndexName: byRelation.name,
        KeyConditions: {
          GSI1PK: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: `${A}#INBOX` }] },
          GSI1SK: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] },
        },
      }),
    ).toEqual([`${A}#INBOX`]);
  });

  it('refuses a query whose partition it cannot read', () => {
    const query = (input: Record<string, unknown>) => () =>
      partitionKeysOf('QueryCommand', { TableName: table, ...input });
    // The table partition key named while querying an index is not the index's partition.
    expect(
      query({
        IndexName: byRelation.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': A },
      }),
    ).toThrow(ScopeViolationError);
    expect(
      query({
        IndexName: 'GSI9',
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': A },
      }),
    ).toThrow(ScopeViolationError);
    expect(
      query({ KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': A } }),
    ).toThrow(ScopeViolationError);
    expect(
      query({ KeyConditionExpression: 'PK = :missing', ExpressionAttributeValues: {} }),
    ).toThrow(ScopeViolationError);
    expect(
      query({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { N: '1' } },
      }),
    ).toThrow(ScopeViolationError);
    expect(
      query({ KeyConditionExpression: 'info.PK = :pk', ExpressionAttributeValues: { ':pk': A } }),
    ).toThrow(ScopeViolationError);
    expect(query({})).toThrow(ScopeViolationError);
  });

  it('answers scan for a Scan', () => {
    expect(partitionKeysOf('ScanCommand', { TableName: table })).toBe('scan');
  });

  it('reads every key of a batch get, across tables', () => {
    expect(
      partitionKeysOf('BatchGetItemCommand', {
        RequestItems: {
          [table]: {
            Keys: [
              { PK: { S: A }, SK: { S: '1' } },
              { PK: { S: A }, SK: { S: '2' } },
            ],
          },
          [otherTable]: { Keys: [{ PK: { S: B }, SK: { S: '1' } }] },
        },
      }),
    ).toEqual([A, A, B]);
  });

  it('reads every put and delete of a batch write, across tables', () => {
    expect(
      partitionKeysOf('BatchWriteItemCommand', {
        RequestItems: {
          [table]: [
            { PutRequest: { Item: { PK: A, SK: '1', GSI2PK: `${A}#CASES` } } },
            { DeleteRequest: { Key: { PK: A, SK: '2' } } },
          ],
          [otherTable]: [{ DeleteRequest: { Key: { PK: B, SK: '1' } } }],
        },
      }),
    ).toEqual([A, `${A}#CASES`, A, B]);
  });

  it('reads every item of a transactional get and write', () => {
    expect(
      partitionKeysOf('TransactGetItemsCommand', {
        TransactItems: [
          { Get: { TableName: table, Key: { PK: { S: A }, SK: { S: '1' } } } },
          { Get: { TableName: otherTable, Key: { PK: { S: B }, SK: { S: '1' } } } },
        ],
      }),
    ).toEqual([A, B]);
    expect(
      partitionKeysOf('TransactWriteItemsCommand', {
        TransactItems: [
          { Put: { TableName: table, Item: { PK: A, SK: '1' } } },
          {
            Update: {
              TableName: table,
              Key: { PK: A, SK: '2' },
              UpdateExpression: 'SET GSI1PK = :inbox',
              ExpressionAttributeValues: { ':inbox': `${A}#INBOX` },
            },
          },
          { Delete: { TableName: table, Key: { PK: A, SK: '3' } } },
          {
            ConditionCheck: {
              TableName: otherTable,
              Key: { PK: B, SK: '4' },
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ],
      }),
    ).toEqual([A, A, `${A}#INBOX`, A, B]);
  });

  it('refuses PartiQL and control-plane commands, whose keys it does not read', () => {
    expect(() =>
      partitionKeysOf('ExecuteStatementCommand', { Statement: 'SELECT * FROM t' }),
    ).toThrow(ScopeViolationError);
    expect(() => partitionKeysOf('DescribeTableCommand', { TableName: table })).toThrow(
      ScopeViolationError,
    );
  });

  it('refuses keys that are missing or not strings', () => {
    expect(() => partitionKeysOf('GetItemCommand', { TableName: table, Key: { SK: 'x' } })).toThrow(
      ScopeViolationError,
    );
    expect(() =>
      partitionKeysOf('GetItemCommand', { TableName: table, Key: { PK: { N: '1' } } }),
    ).toThrow(ScopeViolationError);
    expect(() =>
      partitionKeysOf('BatchWriteItemCommand', { RequestItems: { [table]: [{}] } }),
    ).toThrow(ScopeViolationError);
  });
});

describe('scopeFor', () => {
  it('gives structure roles their tenant', () => {
    for (const role of ['referent', 'structure-admin'] as const) {
      expect(scopeFor({ role, userId, tenantId: tenantA }).partitions).toEqual([A]);
    }
  });

  it('gives a prescriber its organisation and the directory of its départements', () => {
    const prescriber: Principal = {
      role: 'prescriber',
      userId,
      orgId,
      region: '04',
      departements: ['974'],
    };
    const scope = scopeFor(prescriber);
    const directory = directoryIndexKeys('04', '974', tenantA)[byRelation.partitionKey];
    const elsewhere = directoryIndexKeys('11', '75', tenantA)[byRelation.partitionKey];
    expect(isKeyInScope(scope, orgPrefix(orgId))).toBe(true);
    expect(isKeyInScope(scope, directory)).toBe(true);
    expect(isKeyInScope(scope, elsewhere)).toBe(false);
    expect(isKeyInScope(scope, A)).toBe(false);
  });

  it('gives a prescriber with no département the directory of all its region', () => {
    const scope = scopeFor({ role: 'prescriber', userId, orgId, region: '11', departements: [] });
    for (const departement of ['75', '93', '95']) {
      const directory = directoryIndexKeys('11', departement, tenantA)[byRelation.partitionKey];
      expect(isKeyInScope(scope, directory)).toBe(true);
    }
    expect(
      isKeyInScope(scope, directoryIndexKeys('04', '974', tenantA)[byRelation.partitionKey]),
    ).toBe(false);
  });

  it('gives a funder its own partition and its region’s statistics, a platform-admin the platform', () => {
    const funderId = '0192f0a0-0000-7000-8000-0000000000f0';
    const funder = scopeFor({ role: 'funder', userId, funderId, region: '04', departements: [] });
    expect(funder.partitions).toEqual([funderPrefix(funderId), statsPrefix('04')]);
    expect(isKeyInScope(funder, 'STATS#04#2026')).toBe(true);
    expect(isKeyInScope(funder, 'STATS#11#2026')).toBe(false);
    expect(scopeFor({ role: 'platform-admin', userId }).partitions).toEqual(['PLATFORM']);
  });

  it('describes a scope without personal data', () => {
    expect(tenantScope(tenantA).description).toBe(`referent of ${A}`);
  });
});

describe('isKeyInScope', () => {
  it('covers the prefix itself and what follows a #, not a longer id', () => {
    const scope = widenScope(tenantScope(tenantA), 'TENANT#a');
    expect(isKeyInScope(scope, 'TENANT#a')).toBe(true);
    expect(isKeyInScope(scope, 'TENANT#a#INBOX')).toBe(true);
    expect(isKeyInScope(scope, 'TENANT#ab')).toBe(false);
    expect(isKeyInScope(scope, 'TENANT#ab#INBOX')).toBe(false);
    expect(isKeyInScope(scope, 'TENANT')).toBe(false);
  });

  it('covers everything in a system scope', () => {
    expect(isKeyInScope(systemScope('sweep'), B)).toBe(true);
  });
});

describe('widenScope and systemScope', () => {
  it('answers a new scope and leaves the first unchanged', () => {
    const scope = tenantScope(tenantA);
    const widened = widenScope(scope, B);
    expect(widened.partitions).toEqual([A, B]);
    expect(scope.partitions).toEqual([A]);
    expect(Object.isFrozen(widened)).toBe(true);
    expect(Object.isFrozen(widened.partitions)).toBe(true);
  });

  it('refuses a partition that would cover every owner of a kind', () => {
    expect(() => widenScope(tenantScope(tenantA), 'TENANT')).toThrow(RangeError);
    expect(() => widenScope(tenantScope(tenantA), 'TENANT#')).toThrow(RangeError);
    expect(() => widenScope(tenantScope(tenantA), '')).toThrow(RangeError);
  });

  it('keeps a system scope unrestricted and asks for its reason', () => {
    const system = systemScope('seed');
    expect(widenScope(system, A)).toBe(system);
    expect(system.unrestricted).toBe(true);
    expect(() => systemScope(' ')).toThrow(RangeError);
  });
});

describe('runInScope', () => {
  it('makes a scope current for the function and what it awaits, and only there', async () => {
    const scope = tenantScope(tenantA);
    expect(currentScope()).toBeUndefined();
    const seen = await runInScope(scope, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentScope();
    });
    expect(seen).toBe(scope);
    expect(currentScope()).toBeUndefined();
  });
});

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  return body instanceof Uint8Array ? new TextDecoder().decode(body) : '';
}

/** A real client whose HTTP handler records each request and answers an empty 200. */
function aRecordingClient() {
  const sent: string[] = [];
  const client = new DynamoDBClient({
    region: 'eu-west-3',
    endpoint: 'http://dynamodb.invalid',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        sent.push(bodyText(request.body));
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: new TextEncoder().encode('{}'),
          },
        };
      },
    },
  });
  return { client, db: toDocumentClient(guardClient(client)), sent };
}

const own = { TableName: table, Key: { PK: A, SK: 'STRUCTURE' } };
const foreign = { TableName: table, Key: { PK: B, SK: 'STRUCTURE' } };

describe('the scope guard on the client', () => {
  it('refuses a request made with no scope, and sends nothing', async () => {
    const { db, sent } = aRecordingClient();

    const error = await thrownBy(() => db.send(new GetCommand(own)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);
  });

  it("refuses another tenant's key, and sends nothing", async () => {
    const { db, sent } = aRecordingClient();

    const error = await thrownBy(() =>
      runInScope(tenantScope(tenantA), () => db.send(new GetCommand(foreign))),
    );

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(error).toMatchObject({ command: 'GetItemCommand' });
    expect(sent).toEqual([]);
  });

  it("sends a request on the scope's own tenant", async () => {
    const { db, sent } = aRecordingClient();

    await runInScope(tenantScope(tenantA), () => db.send(new GetCommand(own)));

    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(A);
  });

  it('sends a query on an index partition of its own tenant', async () => {
    const { db, sent } = aRecordingClient();
    const inbox = new QueryCommand({
      TableName: table,
      IndexName: byRelation.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': byRelation.partitionKey },
      ExpressionAttributeValues: { ':pk': `${A}#INBOX` },
    });

    await runInScope(tenantScope(tenantA), () => db.send(inbox));

    expect(sent).toHaveLength(1);
  });

  it('refuses an item of its own partition filed in another tenant’s inbox', async () => {
    const { db, sent } = aRecordingClient();
    const put = new PutCommand({
      TableName: table,
      Item: { PK: A, SK: 'X', GSI1PK: `${B}#INBOX`, GSI1SK: 'x' },
    });

    const error = await thrownBy(() => runInScope(tenantScope(tenantA), () => db.send(put)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);
  });

  it('refuses a Scan in a tenant scope and sends it in a system scope', async () => {
    const { db, sent } = aRecordingClient();
    const scan = new ScanCommand({ TableName: table });

    const error = await thrownBy(() => runInScope(tenantScope(tenantA), () => db.send(scan)));
    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);

    await runInScope(systemScope('test'), () => db.send(new ScanCommand({ TableName: table })));
    expect(sent).toHaveLength(1);
  });

  it('refuses a whole transaction when one item of it is foreign', async () => {
    const { db, sent } = aRecordingClient();
    const write = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { PK: A, SK: 'ONE' } } },
        { Put: { TableName: table, Item: { PK: B, SK: 'TWO' } } },
        { Delete: { TableName: table, Key: { PK: A, SK: 'THREE' } } },
      ],
    });

    const error = await thrownBy(() => runInScope(tenantScope(tenantA), () => db.send(write)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);
  });

  it('guards a document client built before the guard was added: they share one stack', async () => {
    const { client, sent } = aRecordingClient();
    const early = DynamoDBDocumentClient.from(client);
    const fresh = new DynamoDBClient({ region: 'eu-west-3' });
    const documentClientOfFresh = toDocumentClient(fresh);
    guardClient(fresh);

    expect(early.middlewareStack).toBe(client.middlewareStack);
    expect(documentClientOfFresh.middlewareStack).toBe(fresh.middlewareStack);
    const error = await thrownBy(() =>
      runInScope(tenantScope(tenantA), () => early.send(new GetCommand(foreign))),
    );
    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);
  });

  it('guards the low-level client and its marshalled input too', async () => {
    const { client, sent } = aRecordingClient();
    const get = new GetItemCommand({
      TableName: table,
      Key: { PK: { S: B }, SK: { S: 'STRUCTURE' } },
    });

    const error = await thrownBy(() => runInScope(tenantScope(tenantA), () => client.send(get)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(sent).toEqual([]);
  });

  it('sends control-plane and PartiQL commands only in a system scope', async () => {
    const { client, sent } = aRecordingClient();
    const describeTable = () => client.send(new DescribeTableCommand({ TableName: table }));
    const statement = () =>
      client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${table}"` }));

    expect(await thrownBy(() => runInScope(tenantScope(tenantA), describeTable))).toBeInstanceOf(
      ScopeViolationError,
    );
    expect(await thrownBy(() => runInScope(tenantScope(tenantA), statement))).toBeInstanceOf(
      ScopeViolationError,
    );
    expect(sent).toEqual([]);

    await runInScope(systemScope('test set-up'), describeTable);
    expect(sent).toHaveLength(1);
  });

  it('checks the serialized input, before retries, signing and sending', async () => {
    const { client, db } = aRecordingClient();
    const command = new GetCommand(own);
    await runInScope(tenantScope(tenantA), () => db.send(command));

    const order = client.middlewareStack.concat(command.middlewareStack).identify();
    const position = (name: string) => {
      const index = order.findIndex((entry) => entry.startsWith(name));
      if (index < 0) throw new Error(`${name} is not on the stack`);
      return index;
    };
    expect(position(scopeGuardName)).toBeGreaterThan(position('DocumentMarshall'));
    expect(position(scopeGuardName)).toBeGreaterThan(position('serializerMiddleware'));
    expect(position(scopeGuardName)).toBeLessThan(position('retryMiddleware'));
    expect(position(scopeGuardName)).toBeLessThan(position('httpSigningMiddleware'));
  });

  it('keeps one guard when added twice', () => {
    const { client } = aRecordingClient();
    guardClient(client);
    const guards = client.middlewareStack
      .identify()
      .filter((entry) => entry.startsWith(scopeGuardName));
    expect(guards).toEqual([`${scopeGuardName} - build`]);
  });

  it('refuses with a programming error that answers a 500 and names no personal key', async () => {
    const { db } = aRecordingClient();
    const email = 'zephirine.quatorze@example.org';
    const lookup = new QueryCommand({
      TableName: table,
      IndexName: byOwner.name,
      KeyConditionExpression: 'GSI2PK = :email',
      ExpressionAttributeValues: { ':email': `EMAIL#${email}` },
    });

    const error = await thrownBy(() => runInScope(tenantScope(tenantA), () => db.send(lookup)));

    expect(error).toBeInstanceOf(ScopeViolationError);
    expect(error).not.toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: 'ScopeViolationError', command: 'QueryCommand' });
    expect(String(error)).not.toContain(email);
    expect(String(error)).toContain('EMAIL#…');
    const problem = toProblem(error);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('EMAIL');
  });
});
