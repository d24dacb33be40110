/**
 * Reads of referrals, follow-ups, the directory and idempotency records: one DynamoDB call each.
 * A referral's reason and decline text come back in clear when the context has the tenant keys.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Alert, alert } from '../alerts/alert.ts';
import { type NoteReading, openNotes, type Page, stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { decodeCursor, encodeCursor } from '../data/cursor.ts';
import { idempotencyRecordKey, indexPartitions, orgPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { type Structure, structure, structureKey } from '../organisations/structure.ts';
import { type Referral, referral, referralKey } from './referral.ts';
import {
  type ReferralFollowUp,
  referralFollowUp,
  referralFollowUpKey,
} from './referral-follow-up.ts';

const { indexes, partitionKey, sortKey } = tableDefinition;

export async function getReferral(
  data: DataContext,
  tenantId: string,
  referralId: string,
  reading: NoteReading = {},
) {
  const { Item } = await data.db.send(
    new GetCommand({
      TableName: data.tableName,
      Key: referralKey(tenantId, referralId),
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) return undefined;
  const [opened = Item] = await openNotes(data, [Item], reading);
  return referral.parse(stripKeys(opened));
}

/** A referral and the alerts raised about it, in one Query (they sort under it). */
export async function getReferralWithAlerts(
  data: DataContext,
  tenantId: string,
  referralId: string,
): Promise<{ referral: Referral; alerts: Alert[] } | undefined> {
  const { PK, SK } = referralKey(tenantId, referralId);
  const page = await data.db.send(
    new QueryCommand({
      TableName: data.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      ExpressionAttributeValues: { ':pk': PK, ':prefix': SK },
      ConsistentRead: true,
    }),
  );
  const items = page.Items ?? [];
  const found = items.find((item) => item.SK === SK);
  if (found === undefined) return undefined;
  const [root = found] = await openNotes(data, [found]);
  return {
    referral: referral.parse(stripKeys(root)),
    alerts: items
      .filter((item) => item.type === 'alert')
      .map((item) => alert.parse(stripKeys(item))),
  };
}

/** A structure's inbox by status, oldest first (one Query on the inbox index). */
export async function listInbox(
  data: DataContext,
  tenantId: string,
  status: Referral['status'],
  limit: number,
  cursor: string | undefined,
): Promise<Page<Referral>> {
  const index = indexes.byRelation;
  const partition = indexPartitions.inbox(tenantId);
  const page = await data.db.send(
    new QueryCommand({
      TableName: data.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :status)',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues: { ':pk': partition, ':status': `${status}#` },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, index.partitionKey, partition, {
        index,
        sortPrefix: `${status}#`,
      }),
    }),
  );
  const items = await openNotes(data, page.Items ?? []);
  return {
    items: items.map((item) => referral.parse(stripKeys(item))),
    cursor: encodeCursor(page.LastEvaluatedKey),
  };
}

export async function getFollowUp(
  { db, tableName }: DataContext,
  orgId: string,
  referralId: string,
) {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: referralFollowUpKey(orgId, referralId),
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : referralFollowUp.parse(stripKeys(Item));
}

/** An organisation's referrals, newest first (ids are time-ordered), optionally of one status. */
export async function listFollowUps(
  { db, tableName }: DataContext,
  orgId: string,
  filter: { status?: Referral['status'] | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ReferralFollowUp>> {
  const partition = orgPrefix(orgId);
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ...(filter.status === undefined
        ? {
            ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
            ExpressionAttributeValues: { ':pk': partition, ':prefix': 'REFERRAL#' },
          }
        : {
            FilterExpression: '#status = :status',
            ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey, '#status': 'status' },
            ExpressionAttributeValues: {
              ':pk': partition,
              ':prefix': 'REFERRAL#',
              ':status': filter.status,
            },
          }),
      ScanIndexForward: false,
      Limit: filter.limit,
      ExclusiveStartKey: decodeCursor(filter.cursor, partitionKey, partition, {
        sortPrefix: 'REFERRAL#',
      }),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => referralFollowUp.parse(stripKeys(item))),
    cursor: encodeCursor(page.LastEvaluatedKey),
  };
}

/** The structures of a region (optionally one département), for the prescribers' directory. */
export async function listDirectory(
  { db, tableName }: DataContext,
  region: string,
  departement: string | undefined,
): Promise<Structure[]> {
  const index = indexes.byRelation;
  const structures: Structure[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression:
          departement === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :departement)',
        ExpressionAttributeNames:
          departement === undefined
            ? { '#pk': index.partitionKey }
            : { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues:
          departement === undefined
            ? { ':pk': indexPartitions.directory(region) }
            : { ':pk': indexPartitions.directory(region), ':departement': `${departement}#` },
        ExclusiveStartKey: startKey,
      }),
    );
    structures.push(...(page.Items ?? []).map((item) => structure.parse(stripKeys(item))));
    // A region holds tens of structures: one page in practice.
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return structures;
}

/** A structure and, in the same call, a caller's idempotency record in that tenant. */
export async function getStructureAndIdempotency(
  { db, tableName }: DataContext,
  tenantId: string,
  idempotency: { callerId: string; key: string } | undefined,
): Promise<{ structure: Structure | undefined; idempotency: Record<string, unknown> | undefined }> {
  const structureAt = structureKey(tenantId);
  const idempotencyAt =
    idempotency === undefined
      ? undefined
      : idempotencyRecordKey(tenantId, idempotency.callerId, idempotency.key);
  const result = await db.send(
    new BatchGetCommand({
      RequestItems: {
        [tableName]: {
          Keys: idempotencyAt === undefined ? [structureAt] : [structureAt, idempotencyAt],
        },
      },
    }),
  );
  const items = result.Responses?.[tableName] ?? [];
  const found = (key: { PK: string; SK: string } | undefined) =>
    key === undefined ? undefined : items.find((item) => item.PK === key.PK && item.SK === key.SK);
  const structureItem = found(structureAt);
  return {
    structure: structureItem === undefined ? undefined : structure.parse(stripKeys(structureItem)),
    idempotency: found(idempotencyAt),
  };
}
