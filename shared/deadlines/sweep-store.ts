/**
 * The morning sweep's reads: a page of the due-date index, and the strongly consistent reads of
 * what it is about to act on (an index is eventually consistent; a write decided on a stale
 * image is stopped by its condition, and decided again on a fresh one). One DynamoDB call each.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Alert, alert, alertPrefix } from '../alerts/alert.ts';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';

const { indexes, partitionKey, sortKey } = tableDefinition;

export type StoredItem = Record<string, unknown>;

export interface DuePage {
  items: StoredItem[];
  /** Where the next page starts; undefined after the last one. */
  next: StoredItem | undefined;
}

/**
 * One page of a due-date partition: the items of `timeZone`'s shard whose day is `upTo` or
 * earlier, earliest first. Nothing later is read, so the cost follows what is due.
 */
export async function queryDue(
  { db, tableName }: DataContext,
  partition: { timeZone: string; shard: number },
  upTo: string,
  limit: number,
  startKey: StoredItem | undefined,
): Promise<DuePage> {
  const index = indexes.byDueDate;
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :p AND #sk <= :d',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues: {
        ':p': indexPartitions.due(partition.timeZone, partition.shard),
        // The sort key is `<day>#<tenant>#<item>`: every item of `upTo` sorts below this bound.
        ':d': `${upTo}#\uffff`,
      },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: page.Items ?? [], next: page.LastEvaluatedKey };
}

/** An item as it is now (a strongly consistent GetItem), or undefined when it is gone. */
export async function getFresh(
  { db, tableName }: DataContext,
  key: ItemKey,
): Promise<StoredItem | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** Every alert raised about a case or a referral, whatever its status (strongly consistent). */
export async function listAlertsAbout(
  { db, tableName }: DataContext,
  tenantId: string,
  subject: Alert['subject'],
): Promise<Alert[]> {
  // A subject has one alert per deadline it ever had: a few, far below a page.
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      ExpressionAttributeValues: { ':pk': tenantPrefix(tenantId), ':prefix': alertPrefix(subject) },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((item) => alert.parse(stripKeys(item)));
}
