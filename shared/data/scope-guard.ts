/**
 * The last of the three tenant-isolation layers: a middleware on the DynamoDB client that reads
 * every partition key a request would touch and refuses the request, before anything is sent,
 * when no scope is current or a key lies outside it. A bug in a handler cannot cross tenants.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScopeViolationError } from '../errors.ts';
import { type DynamoConnection, makeDynamoClient, toDocumentClient } from './client.ts';
import {
  assignedPartitions,
  expressionOf,
  indexPartitionKeys,
  list,
  partitionAttributes,
  partitionEqualities,
  record,
  requiredString,
  stringOf,
  tablePartitionKey,
  UnreadableRequest,
  writtenIndexPartitionKeys,
  writtenPartitionAttributes,
} from './key-expressions.ts';
import { currentScope, describePartition, isKeyInScope } from './scope.ts';

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
