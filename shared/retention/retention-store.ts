/**
 * Retention's reads and writes: a page of the purge index (only what is due), everything the
 * table holds about one person's support, and the transactions that erase it. One DynamoDB call
 * per function call, except `readSupport`, which reads its three key ranges to the end.
 */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { caseFilePrefix } from '../cases/case.ts';
import { accessLogPrefix } from '../cases/file/access-log.ts';
import type { DataContext } from '../data/context.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { tableDefinition } from '../data/table.ts';
import { stoppedItems } from '../data/transactions.ts';
import { referralKey } from '../referrals/referral.ts';
import type { PurgeKind } from './purge-index.ts';

const { indexes, partitionKey, sortKey } = tableDefinition;

export type StoredItem = Record<string, unknown> & { PK: string; SK: string };

export interface PurgePage {
  items: StoredItem[];
  next: Record<string, unknown> | undefined;
}

/**
 * One page of a purge-index shard: the items of `kind` whose retention started on
 * `lastDueStart` or earlier, oldest first. Nothing later is read: the cost follows what is due.
 */
export async function queryPurgeDue(
  { db, tableName }: DataContext,
  shard: number,
  kind: PurgeKind,
  lastDueStart: string,
  limit: number,
  startKey: Record<string, unknown> | undefined,
): Promise<PurgePage> {
  const index = indexes.byPurgeDate;
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :p AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues: {
        ':p': indexPartitions.purge(shard),
        ':from': `${kind}#`,
        // `<kind>#<day>#<tenant>#<item>`: every item of `lastDueStart` sorts below this bound.
        ':to': `${kind}#${lastDueStart}#\uffff`,
      },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (page.Items ?? []).filter(isStored), next: page.LastEvaluatedKey };
}

/** Everything the table holds about one person's support, as stored. */
export interface SupportItems {
  /** The referral (or the stub that replaced it) and the alerts raised about it. */
  referral: StoredItem[];
  /** The case file: root, scores, journal, appointments, alerts, history. */
  caseFile: StoredItem[];
  /** The access log of the case. */
  accessLog: StoredItem[];
}

/** Reads the three key ranges of a support, strongly consistent, to the end. */
export async function readSupport(
  data: DataContext,
  tenantId: string,
  id: string,
): Promise<SupportItems> {
  const [referral, caseFile, accessLog] = await Promise.all([
    readRange(data, tenantPrefix(tenantId), referralKey(tenantId, id).SK),
    readRange(data, tenantPrefix(tenantId), caseFilePrefix(id)),
    readRange(data, tenantPrefix(tenantId), accessLogPrefix(id)),
  ]);
  return { referral, caseFile, accessLog };
}

async function readRange(
  data: DataContext,
  partition: string,
  prefix: string,
): Promise<StoredItem[]> {
  return (await readPartition(data, partition, prefix)).filter(isStored);
}

function isStored(item: Record<string, unknown>): item is StoredItem {
  return typeof item[partitionKey] === 'string' && typeof item[sortKey] === 'string';
}

/** One step of an erasure. */
export type ErasureWrite =
  /** Puts the stub where the referral was, if the referral is still the version read. */
  | { kind: 'stub'; item: StoredItem; replacesVersion: number }
  /** Deletes an item; when `version` is given, only if it is still that version. */
  | { kind: 'delete'; key: ItemKey; version?: number | undefined }
  /** Sets attributes of an item that must exist (the prescriber's follow-up). */
  | { kind: 'set'; key: ItemKey; values: Record<string, unknown> };

/** The most writes DynamoDB takes in one transaction. */
export const maxTransactionWrites = 100;

/** An erasure transaction stopped: something it was to erase changed since it was read. */
export class ErasureStoppedError extends Error {
  override readonly name = 'ErasureStoppedError';
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function toTransactItem(tableName: string, write: ErasureWrite): TransactItem {
  switch (write.kind) {
    case 'stub':
      return {
        Put: {
          TableName: tableName,
          Item: write.item,
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': write.replacesVersion },
        },
      };
    case 'delete':
      return {
        Delete: {
          TableName: tableName,
          Key: write.key,
          ...(write.version === undefined
            ? {}
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': write.version },
              }),
        },
      };
    case 'set': {
      const names = Object.keys(write.values);
      return {
        Update: {
          TableName: tableName,
          Key: write.key,
          UpdateExpression: `SET ${names.map((_, index) => `#a${index} = :v${index}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: {
            '#pk': partitionKey,
            ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
          },
          ExpressionAttributeValues: Object.fromEntries(
            names.map((name, index) => [`:v${index}`, write.values[name]]),
          ),
        },
      };
    }
  }
}

/** One TransactWriteItems call (at most 100 writes), all or nothing. */
export async function eraseTogether(
  db: DynamoDBDocumentClient,
  tableName: string,
  writes: readonly ErasureWrite[],
): Promise<void> {
  if (writes.length > maxTransactionWrites) {
    throw new RangeError(`${writes.length} writes do not fit in one transaction`);
  }
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: writes.map((write) => toTransactItem(tableName, write)),
      }),
    );
  } catch (error: unknown) {
    const stopped = stoppedItems(error);
    throw new ErasureStoppedError(`erasure stopped on writes ${stopped.join(', ')}`);
  }
}
