/**
 * Reads and the acknowledgement of alerts. A user's alerts are listed on GSI1, a structure's on
 * GSI2, both sorted by `<status>#<dueOn>#…`, so a status is a key prefix. One DynamoDB call each.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Page, stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { encodeCursor } from '../data/cursor.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { BadRequestError } from '../errors.ts';
import { type Alert, alert, alertItem } from './alert.ts';

const { indexes, partitionKey, sortKey } = tableDefinition;

export type AlertStatus = Alert['status'];

/** Whose alerts: one user's (GSI1) or the whole structure's (GSI2). */
export type AlertList =
  | { of: 'user'; tenantId: string; userId: string }
  | { of: 'structure'; tenantId: string };

function indexOf(list: AlertList) {
  return list.of === 'user'
    ? {
        index: indexes.byRelation,
        partition: indexPartitions.userAlerts(list.tenantId, list.userId),
      }
    : { index: indexes.byOwner, partition: indexPartitions.structureAlerts(list.tenantId) };
}

/** A page of alerts of one status: the oldest due first while open, the latest first after. */
export async function queryAlerts(
  { db, tableName }: DataContext,
  list: AlertList,
  filter: { status: AlertStatus; limit: number; cursor?: string | undefined },
): Promise<Page<Alert>> {
  const { index, partition } = indexOf(list);
  const prefix = `${filter.status}#`;
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :status)',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues: { ':pk': partition, ':status': prefix },
      ScanIndexForward: filter.status === 'open',
      Limit: filter.limit,
      ExclusiveStartKey: decodeAlertCursor(filter.cursor, list, prefix),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => alert.parse(stripKeys(item))),
    cursor: encodeCursor(page.LastEvaluatedKey),
  };
}

/**
 * How many open alerts a list holds, and how many of them the structure-admin must see to
 * (escalated, or with no référent), in one `Select: 'COUNT'` Query: the filter leaves the
 * latter in `Count`, while `ScannedCount` keeps the total read from the key range.
 */
export async function countOpenAlerts(
  { db, tableName }: DataContext,
  list: AlertList,
  options: { alsoEscalated: boolean },
): Promise<{ open: number; escalated: number }> {
  const { index, partition } = indexOf(list);
  let open = 0;
  let escalated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.name,
        Select: 'COUNT',
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :open)',
        ...(options.alsoEscalated
          ? {
              FilterExpression:
                'attribute_exists(#escalatedAt) OR attribute_not_exists(#recipientId)',
              ExpressionAttributeNames: {
                '#pk': index.partitionKey,
                '#sk': index.sortKey,
                '#escalatedAt': 'escalatedAt',
                '#recipientId': 'recipientId',
              },
            }
          : { ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey } }),
        ExpressionAttributeValues: { ':pk': partition, ':open': 'open#' },
        ExclusiveStartKey: startKey,
      }),
    );
    open += page.ScannedCount ?? 0;
    escalated += page.Count ?? 0;
    // A count reads 1 MB of alerts per page, about a thousand: one page in practice.
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { open, escalated: options.alsoEscalated ? escalated : 0 };
}

/** An alert as stored (its index keys with it, for the update that moves them), by its key. */
export async function getAlertItem(
  { db, tableName }: DataContext,
  key: ItemKey,
): Promise<{ stored: Record<string, unknown>; alert: Alert } | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  if (Item === undefined || Item.type !== 'alert') return undefined;
  return { stored: Item, alert: alert.parse(stripKeys(Item)) };
}

/** Another write changed the alert's status between the read and this update. */
export class AlertChangedError extends Error {
  override readonly name = 'AlertChangedError';
}

/**
 * Rewrites a stored alert as `next`, in one UpdateItem that changes only what differs from the
 * stored item (its status, and the index sort keys that start with it; the due-date keys it
 * leaves) and only while its status is still `expectedStatus`. Attributes the sweep may set
 * meanwhile (`escalatedAt`) are left as they are.
 */
export async function updateAlert(
  { db, tableName }: DataContext,
  stored: Record<string, unknown>,
  next: Alert,
  expectedStatus: AlertStatus,
): Promise<void> {
  const item = alertItem(next);
  const set = Object.entries(item).filter(
    ([name, value]) =>
      name !== partitionKey && name !== sortKey && !isDeepStrictEqual(stored[name], value),
  );
  const removed = Object.keys(stored).filter((name) => !(name in item));
  if (set.length === 0) return;
  const names = {
    '#pk': partitionKey,
    '#status': 'status',
    ...Object.fromEntries(set.map(([name], index) => [`#s${index}`, name])),
    ...Object.fromEntries(removed.map((name, index) => [`#r${index}`, name])),
  };
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { [partitionKey]: item[partitionKey], [sortKey]: item[sortKey] },
        UpdateExpression:
          `SET ${set.map((_, index) => `#s${index} = :s${index}`).join(', ')}` +
          (removed.length > 0
            ? ` REMOVE ${removed.map((_, index) => `#r${index}`).join(', ')}`
            : ''),
        ConditionExpression: 'attribute_exists(#pk) AND #status = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':expected': expectedStatus,
          ...Object.fromEntries(set.map(([, value], index) => [`:s${index}`, value])),
        },
      }),
    );
  } catch (error: unknown) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new AlertChangedError('the alert changed before its update', { cause: error });
    }
    throw error;
  }
}

/**
 * A cursor of an alert list, checked before it reaches DynamoDB: exactly the keys of an alert
 * of this list and status (table and index), so a forged one is a 400, never a 500.
 */
function decodeAlertCursor(
  cursor: string | undefined,
  list: AlertList,
  statusPrefix: string,
): Record<string, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const { index, partition } = indexOf(list);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('Le curseur de pagination est illisible.');
  }
  const expected: string[] = [partitionKey, sortKey, index.partitionKey, index.sortKey];
  const key: Record<string, string> = {};
  let attributes = 0;
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    for (const [name, value] of Object.entries(parsed)) {
      attributes += 1;
      if (typeof value === 'string' && expected.includes(name)) key[name] = value;
    }
  }
  const itemSortKey = key[sortKey] ?? '';
  const indexSortKey = key[index.sortKey] ?? '';
  const fits =
    attributes === expected.length &&
    Object.keys(key).length === expected.length &&
    key[partitionKey] === tenantPrefix(list.tenantId) &&
    itemSortKey.includes('#ALERT#') &&
    key[index.partitionKey] === partition &&
    indexSortKey.startsWith(statusPrefix) &&
    indexSortKey.endsWith(`#${itemSortKey}`);
  if (!fits) {
    throw new BadRequestError('Ce curseur de pagination ne correspond pas à cette liste.');
  }
  return key;
}
