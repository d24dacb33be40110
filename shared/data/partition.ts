/** Reading a whole partition (or the items under one sort-key prefix), page after page. */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from './table.ts';

const { partitionKey, sortKey } = tableDefinition;

export interface PartitionContext {
  db: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Every item of `partition` whose sort key starts with `sortKeyPrefix` (all of them without it),
 * in sort-key order. Consistent by default: writes check rules and versions on what they read;
 * a dashboard may pass `consistent: false` and read at half the cost.
 */
export async function readPartition(
  { db, tableName }: PartitionContext,
  partition: string,
  sortKeyPrefix?: string,
  { consistent = true }: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression:
          sortKeyPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames:
          sortKeyPrefix === undefined
            ? { '#pk': partitionKey }
            : { '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues:
          sortKeyPrefix === undefined
            ? { ':pk': partition }
            : { ':pk': partition, ':prefix': sortKeyPrefix },
        ExclusiveStartKey: startKey,
        ConsistentRead: consistent,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
