/**
 * The last of the three tenant-isolation layers: a middleware on the DynamoDB client that reads
 * every partition key a request would touch and refuses the request, before anything is sent,
 * when no scope is current or a key lies outside it. A bug in a handler cannot cross tenants.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScopeViolationError } from '../errors.ts';
import { type DynamoConnection, makeDynamoClient, toDocumentClient } from './client.ts';
import { currentScope, describePartition, isKeyInScope } from './scope.ts';
import { tableDefinition } from './table.ts';

const tablePartitionKey = tableDefinition.partitionKey;
const indexPartitionKeys = new Map<string, string>(
  Object.values(tableDefinition.indexes).map((index) => [index.name, index.partitionKey]),
);
/** The partition-key attributes of the table and of every index. */
const partitionAttributes: ReadonlySet<string> = new Set([
  tablePartitionKey,
  ...indexPartitionKeys.values(),
]);

/**
 * The index partitions a write is checked for: those of the table and of the listing indexes.
 * The due-date and purge indexes are left out: their partitions (`DUE#<time zone>#<shard>`,
 * `PURGE#<shard>`) are shared by every tenant's items, only system jobs (the sweep, retention)
 * read them, and putting an item there reveals nothing.
 */
const sharedIndexes: ReadonlySet<string> = new Set([
  tableDefinition.indexes.byDueDate.name,
  tableDefinition.indexes.byPurgeDate.name,
]);
const writtenIndexPartitionKeys: readonly string[] = Object.values(tableDefinition.indexes)
  .filter((index) => !sharedIndexes.has(index.name))
  .map((index) => index.partitionKey);
const writtenPartitionAttributes: ReadonlySet<string> = new Set([
  tablePartitionKey,
  ...writtenIndexPartitionKeys,
]);

/** The name the guard goes by in a client's middleware stack. */
export const scopeGuardName = 'appuiScopeGuard';

/**
 * Adds the scope guard to the client's middleware stack, in place, and answers the same client.
 * A `DynamoDBDocumentClient.from(client)` shares that stack, so it is guarded too, whether it
 * was built before or after. Adding the guard twice keeps one.
 *
 * It sits first in the build step: after the document client's marshalling and the serializer
 * (so it reads the exact attribute values that were serialized), before retries, signing and
 * the HTTP handler (so a refused request never leaves the process).
 */
export function guardClient(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      checkScope(context.commandName ?? 'UnnamedCommand', args.input);
      return next(args);
    },
    { step: 'build', priority: 'high', name: scopeGuardName, override: true },
  );
  return client;
}

/** The document client of `makeDocumentClient`, with the scope guard on its stack. */
export function makeGuardedDocumentClient(connection: DynamoConnection): DynamoDBDocumentClient {
  return toDocumentClient(guardClient(makeDynamoClient(connection)));
}

function checkScope(command: string, input: unknown): void {
  const scope = currentScope();
  if (scope === undefined) {
    throw new ScopeViolationError(command, 'no scope is active; every data access declares one');
  }
  if (scope.unrestricted === true) return;
  const partitions = partitionKeysOf(command, input);
  if (partitions === 'scan') {
    throw new ScopeViolationError(
      command,
      `only a system scope may scan, not ${scope.description}`,
    );
  }
  const outside = new Set(
    partitions.filter((key) => !isKeyInScope(scope, key)).map(describePartition),
  );
  if (outside.size > 0) {
    throw new ScopeViolationError(
      command,
      `${[...outside].join(', ')} is outside ${scope.description}`,
    );
  }
}

/**
 * Every partition-key value (of the table or of an index) that a DynamoDB request would read
 * or write, or `'scan'`. Reads plain (document client) and marshalled (`{ S: … }`) values.
 * Writes count the index partitions they put an item into, so that an item cannot be slipped
 * into another tenant's inbox. Throws `ScopeViolationError` for a command that is not
 * key-addressed (PartiQL, control plane) and for a request whose keys it cannot read.
 */
export function partitionKeysOf(commandName: string, input: unknown): string[] | 'scan' {
  try {
    return readPartitions(commandName.replace(/Command$/, ''), record(input, 'the request'));
  } catch (error: unknown) {
    if (error instanceof UnreadableRequest)
      throw new ScopeViolationError(commandName, error.message);
    throw error;
  }
}

/** A request whose partition keys cannot be read with certainty: refused, never guessed. */
class UnreadableRequest extends Error {
  override readonly name = 'UnreadableRequest';
}

function readPartitions(command: string, request: Record<string, unknown>): string[] | 'scan' {
  switch (command) {
    case 'GetItem':
    case 'DeleteItem':
      return [keyPartition(request.Key)];
    case 'PutItem':
      return itemPartitions(request.Item);
    case 'UpdateItem':
      return updatePartitions(request);
    case 'Query':
      return queryPartitions(request);
    case 'Scan':
      return 'scan';
    case 'BatchGetItem':
      return Object.values(record(request.RequestItems, 'RequestItems')).flatMap((reads) =>
        list(record(reads, 'a table of RequestItems').Keys, 'Keys').map(keyPartition),
      );
    case 'BatchWriteItem':
      return Object.values(record(request.RequestItems, 'RequestItems')).flatMap((writes) =>
        list(writes, 'a table of RequestItems').flatMap(writePartitions),
      );
    case 'TransactGetItems':
      return list(request.TransactItems, 'TransactItems').map((item) =>
        keyPartition(record(record(item, 'a transact item').Get, 'Get').Key),
      );
    case 'TransactWriteItems':
      return list(request.TransactItems, 'TransactItems').flatMap(transactWritePartitions);
    default:
      throw new UnreadableRequest(
        `${command} is not a key-addressed data command; only a system scope may send it`,
      );
  }
}

function writePartitions(write: unknown): string[] {
  const { PutRequest, DeleteRequest } = record(write, 'a write request');
  const partitions = [
    ...(PutRequest === undefined ? [] : itemPartitions(record(PutRequest, 'PutRequest').Item)),
    ...(DeleteRequest === undefined
      ? []
      : [keyPartition(record(DeleteRequest, 'DeleteRequest').Key)]),
  ];
  if (partitions.length === 0) throw new UnreadableRequest('a write request names no item');
  return partitions;
}

function transactWritePartitions(item: unknown): string[] {
  const { Put, Update, Delete, ConditionCheck } = record(item, 'a transact item');
  const partitions = [
    ...(Put === undefined ? [] : itemPartitions(record(Put, 'Put').Item)),
    ...(Update === undefined ? [] : updatePartitions(record(Update, 'Update'))),
    ...(Delete === undefined ? [] : [keyPartition(record(Delete, 'Delete').Key)]),
    ...(ConditionCheck === undefined
      ? []
      : [keyPartition(record(ConditionCheck, 'ConditionCheck').Key)]),
  ];
  if (partitions.length === 0) throw new UnreadableRequest('a transact item names no action');
  return partitions;
}

/** The table partition of a primary key. */
function keyPartition(key: unknown): string {
  const value = stringOf(record(key, 'Key')[tablePartitionKey]);
  if (value === undefined)
    throw new UnreadableRequest(`a key has no readable ${tablePartitionKey}`);
  return value;
}

/** The table partition of an item, and every index partition it carries. */
function itemPartitions(item: unknown): string[] {
  const attributes = record(item, 'Item');
  const partitions = [keyPartition(attributes)];
  for (const attribute of writtenIndexPartitionKeys) {
    const value = attributes[attribute];
    if (value === undefined) continue;
    partitions.push(requiredString(value, attribute));
  }
  return partitions;
}

function updatePartitions(update: Record<string, unknown>): string[] {
  const partitions = [keyPartition(update.Key)];
  const { UpdateExpression, AttributeUpdates } = update;
  if (UpdateExpression !== undefined) {
    partitions.push(...assignedPartitions(expressionOf(update, UpdateExpression)));
  }
  if (AttributeUpdates !== undefined) {
    const updates = record(AttributeUpdates, 'AttributeUpdates');
    for (const attribute of writtenPartitionAttributes) {
      const change = updates[attribute];
      if (change === undefined) continue;
      const { Value } = record(change, attribute);
      if (Value !== undefined) partitions.push(requiredString(Value, attribute));
    }
  }
  return partitions;
}

function queryPartitions(query: Record<string, unknown>): string[] {
  const { IndexName, KeyConditionExpression, KeyConditions } = query;
  const queried =
    IndexName === undefined
      ? tablePartitionKey
      : typeof IndexName === 'string'
        ? indexPartitionKeys.get(IndexName)
        : undefined;
  if (queried === undefined) {
    throw new UnreadableRequest('the queried index is not in the table definition');
  }
  const equalities: [attribute: string, value: string][] = [];
  if (KeyConditionExpression !== undefined) {
    equalities.push(...partitionEqualities(expressionOf(query, KeyConditionExpression)));
  }
  if (KeyConditions !== undefined) {
    const conditions = record(KeyConditions, 'KeyConditions');
    for (const attribute of partitionAttributes) {
      const condition = conditions[attribute];
      if (condition === undefined) continue;
      const { ComparisonOperator, AttributeValueList } = record(condition, attribute);
      const [value, ...others] = list(AttributeValueList, 'AttributeValueList');
      if (ComparisonOperator !== 'EQ' || others.length > 0) {
        throw new UnreadableRequest(`${attribute} is not compared for equality`);
      }
      equalities.push([attribute, requiredString(value, attribute)]);
    }
  }
  if (!equalities.some(([attribute]) => attribute === queried)) {
    throw new UnreadableRequest(`the query sets no equality on ${queried}`);
  }
  return equalities.map(([, value]) => value);
}

// Expressions: just enough of DynamoDB's grammar to find what is compared with, or assigned to,
// a partition-key attribute. Anything else about such an attribute is refused, not guessed.

interface Token {
  kind: 'name' | 'value' | 'word' | 'number' | 'symbol';
  text: string;
}

interface Expression {
  tokens: Token[];
  names: Record<string, unknown>;
  values: Record<string, unknown>;
}

const tokenPattern =
  /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+)|(<>|<=|>=|[=<>(),.[\]+-]))/y;

function expressionOf(request: Record<string, unknown>, text: unknown): Expression {
  if (typeof text !== 'string') throw new UnreadableRequest('an expression is not a string');
  const { ExpressionAttributeNames: names = {}, ExpressionAttributeValues: values = {} } = request;
  return {
    tokens: tokenize(text),
    names: record(names, 'ExpressionAttributeNames'),
    values: record(values, 'ExpressionAttributeValues'),
  };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    if (match === null) {
      if (text.slice(start).trim() === '') break;
      throw new UnreadableRequest('an expression holds characters the guard does not know');
    }
    const [, name, value, word, number, symbol] = match;
    if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else if (value !== undefined) tokens.push({ kind: 'value', text: value });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (symbol !== undefined) tokens.push({ kind: 'symbol', text: symbol });
  }
  return tokens;
}

/** The attribute a token names when it stands alone (not inside a path like `a.PK` or `PK[0]`). */
function topLevelAttribute(expression: Expression, index: number): string | undefined {
  const { tokens } = expression;
  const token = tokens[index];
  if (token === undefined || (token.kind !== 'name' && token.kind !== 'word')) return undefined;
  const pathAround = [tokens[index - 1]?.text, tokens[index + 1]?.text];
  if (pathAround.includes('.') || tokens[index + 1]?.text === '[') return undefined;
  return attributeName(expression, token);
}

function attributeName(expression: Expression, token: Token): string {
  if (token.kind !== 'name') return token.text;
  const name = expression.names[token.text];
  if (typeof name !== 'string') throw new UnreadableRequest(`${token.text} is not defined`);
  return name;
}

function placeholderValue(
  expression: Expression,
  token: Token | undefined,
  attribute: string,
): string {
  if (token?.kind !== 'value') {
    throw new UnreadableRequest(`${attribute} is compared with, or set to, something not a value`);
  }
  return requiredString(expression.values[token.text], attribute);
}

/** `attribute = :value` (either way round) for every partition-key attribute of a condition. */
function partitionEqualities(expression: Expression): [string, string][] {
  const equalities: [string, string][] = [];
  expression.tokens.forEach((token, index) => {
    if (token.text !== '=' || token.kind !== 'symbol') return;
    for (const [side, other] of [
      [index - 1, index + 1],
      [index + 1, index - 1],
    ] as const) {
      const attribute = topLevelAttribute(expression, side);
      if (attribute === undefined || !partitionAttributes.has(attribute)) continue;
      const operand = expression.tokens[other];
      const afterOperand = expression.tokens[other + 1]?.text;
      if (side === index - 1 && (afterOperand === '+' || afterOperand === '-')) {
        throw new UnreadableRequest(`${attribute} is compared with a computed value`);
      }
      equalities.push([attribute, placeholderValue(expression, operand, attribute)]);
    }
  });
  return equalities;
}

const updateClauses = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

/** The values an update expression gives to partition-key attributes (`SET GSI1PK = :inbox`). */
function assignedPartitions(expression: Expression): string[] {
  const partitions: string[] = [];
  let clause: string | undefined;
  let action: Token[] = [];
  let depth = 0;
  const endAction = (): void => {
    if (action.length === 0) return;
    if (clause === undefined) throw new UnreadableRequest('an update action precedes its clause');
    if (clause === 'SET') partitions.push(...setPartitions(expression, action));
    else if (clause !== 'REMOVE') refuseIfPartition(expression, action, clause);
    action = [];
  };
  for (const token of expression.tokens) {
    const keyword = token.text.toUpperCase();
    if (token.kind === 'word' && depth === 0 && updateClauses.has(keyword)) {
      endAction();
      clause = keyword;
    } else if (token.text === ',' && depth === 0) {
      endAction();
    } else {
      if (token.text === '(') depth += 1;
      if (token.text === ')') depth -= 1;
      action.push(token);
    }
  }
  endAction();
  return partitions;
}

function setPartitions(expression: Expression, action: Token[]): string[] {
  const equals = action.findIndex((token) => token.kind === 'symbol' && token.text === '=');
  const [target] = action;
  if (equals < 1 || target === undefined) throw new UnreadableRequest('a SET action has no target');
  if (target.kind !== 'name' && target.kind !== 'word') {
    throw new UnreadableRequest('a SET action has no target');
  }
  const attribute = attributeName(expression, target);
  if (!writtenPartitionAttributes.has(attribute)) return [];
  if (equals !== 1) throw new UnreadableRequest(`a SET action writes inside ${attribute}`);
  const value = action.slice(2);
  if (value.length === 1) return [placeholderValue(expression, value[0], attribute)];
  // `SET GSI1PK = if_not_exists(GSI1PK, :inbox)` keeps or writes `:inbox`: the value to check.
  const [fn, open, self, comma, fallback, close, ...rest] = value;
  const keepsItself =
    fn?.text === 'if_not_exists' &&
    open?.text === '(' &&
    self !== undefined &&
    (self.kind === 'name' || self.kind === 'word') &&
    attributeName(expression, self) === attribute &&
    comma?.text === ',' &&
    close?.text === ')' &&
    rest.length === 0;
  if (!keepsItself) throw new UnreadableRequest(`${attribute} is set to a computed value`);
  return [placeholderValue(expression, fallback, attribute)];
}

function refuseIfPartition(expression: Expression, action: Token[], clause: string): void {
  const [target] = action;
  if (target === undefined || (target.kind !== 'name' && target.kind !== 'word')) return;
  const attribute = attributeName(expression, target);
  if (writtenPartitionAttributes.has(attribute)) {
    throw new UnreadableRequest(`${clause} on the key attribute ${attribute}`);
  }
}

// Values: a document client's plain strings, or marshalled `{ S: '…' }` attribute values.

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.S === 'string' && Object.keys(value).length === 1) {
    return value.S;
  }
  return undefined;
}

function requiredString(value: unknown, attribute: string): string {
  const text = stringOf(value);
  if (text === undefined) throw new UnreadableRequest(`${attribute} is not a readable string`);
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new UnreadableRequest(`${what} is not an object`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnreadableRequest(`${what} is not a list`);
  return value;
}
