/**
 * Reads of case files. Each function makes one DynamoDB call, on known keys. Notes come back in
 * clear when the context carries the tenant keys (shared/crypto/), as placeholders otherwise.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Alert, alert } from '../alerts/alert.ts';
import { openItem, sealedAttribute, withPlaceholders } from '../crypto/sealed-items.ts';
import type { DataContext } from '../data/context.ts';
import { decodeCursor, encodeCursor } from '../data/cursor.ts';
import { indexPartitions, tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { tableDefinition } from '../data/table.ts';
import { type Appointment, appointment } from './appointments/appointment.ts';
import { caseFilePrefix, caseKey, type SupportCase, supportCase } from './case.ts';
import { type BarrierScores, barrierScores } from './diagnostic/barrier-scores.ts';
import { type AccessLogEntry, accessLogEntry, accessLogPrefix } from './file/access-log.ts';
import { type JournalEntry, journalEntry } from './journal/journal-entry.ts';

const { indexes, partitionKey, sortKey } = tableDefinition;

export interface CaseFile {
  supportCase: SupportCase;
  barrierScores: BarrierScores[];
  journal: JournalEntry[];
  appointments: Appointment[];
  alerts: Alert[];
}

export interface Page<T> {
  items: T[];
  cursor: string | undefined;
}

export interface NoteReading {
  /**
   * `open` (the default): notes in clear, with the context's keys. `sealed`: never opened, not
   * even with keys at hand (they read as `sealedPlaceholder`): for readers that need no note.
   */
  notes?: 'open' | 'sealed';
}

/** The items with their notes opened, when the reading wants them and the context has the keys. */
export async function openNotes(
  { tenantKeys }: Pick<DataContext, 'tenantKeys'>,
  items: Record<string, unknown>[],
  { notes = 'open' }: NoteReading = {},
): Promise<Record<string, unknown>[]> {
  if (notes === 'sealed' || tenantKeys === undefined) return items;
  // One after the other: the notes of a file share a few data keys, each opened once (cached).
  const opened: Record<string, unknown>[] = [];
  for (const item of items) opened.push(await openItem(item, tenantKeys));
  return opened;
}

/** The case root alone (GetItem), for writes that check rules and version first. */
export async function getCase({ db, tableName }: DataContext, tenantId: string, caseId: string) {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: caseKey(tenantId, caseId),
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : supportCase.parse(stripKeys(Item));
}

/** The whole case file in one Query: the root and every item sorted under it. */
export async function readCaseFile(
  data: DataContext,
  tenantId: string,
  caseId: string,
  reading: NoteReading = {},
): Promise<CaseFile | undefined> {
  // Writes check rules and version on what this reads: it must be the latest (consistent).
  // A file past 1 MB takes a second page; weekly entries over a year stay far below it.
  const stored = await readPartition(data, tenantPrefix(tenantId), caseFilePrefix(caseId));
  const items = await openNotes(data, stored, reading);

  const root = items.find((item) => item.type === 'case');
  if (root === undefined) return undefined;
  const ofType = (type: string) => items.filter((item) => item.type === type).map(stripKeys);
  return {
    supportCase: supportCase.parse(stripKeys(root)),
    barrierScores: ofType('barrier-scores').map((item) => barrierScores.parse(item)),
    journal: ofType('journal-entry').map((item) => journalEntry.parse(item)),
    appointments: ofType('appointment').map((item) => appointment.parse(item)),
    alerts: ofType('alert').map((item) => alert.parse(item)),
  };
}

export interface CaseFilter {
  /** A référent's own caseload; the whole structure's when absent. */
  referentId?: string | undefined;
  phase?: SupportCase['phase'] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A caseload page, by phase then id, from the référent's or the structure's index (one Query). */
export async function listCases(
  { db, tableName }: DataContext,
  tenantId: string,
  filter: CaseFilter,
): Promise<Page<SupportCase>> {
  const index = filter.referentId === undefined ? indexes.byOwner : indexes.byRelation;
  const partition =
    filter.referentId === undefined
      ? indexPartitions.structureCases(tenantId)
      : indexPartitions.caseload(tenantId, filter.referentId);
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression:
        filter.phase === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :phase)',
      ExpressionAttributeNames:
        filter.phase === undefined
          ? { '#pk': index.partitionKey }
          : { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues:
        filter.phase === undefined
          ? { ':pk': partition }
          : { ':pk': partition, ':phase': `${filter.phase}#` },
      Limit: filter.limit,
      ExclusiveStartKey: decodeCursor(filter.cursor, index.partitionKey, partition, {
        index,
        sortPrefix: filter.phase === undefined ? undefined : `${filter.phase}#`,
      }),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => supportCase.parse(stripKeys(item))),
    cursor: encodeCursor(page.LastEvaluatedKey),
  };
}

/** A case's access log, newest first (one Query). */
export async function listAccessLog(
  { db, tableName }: DataContext,
  tenantId: string,
  caseId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<AccessLogEntry>> {
  const partition = tenantPrefix(tenantId);
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      ExpressionAttributeValues: { ':pk': partition, ':prefix': accessLogPrefix(caseId) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, partitionKey, partition, {
        sortPrefix: accessLogPrefix(caseId),
      }),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => accessLogEntry.parse(stripKeys(item))),
    cursor: encodeCursor(page.LastEvaluatedKey),
  };
}

const storageAttributes = new Set<string>([
  partitionKey,
  sortKey,
  ...Object.values(indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  'type',
  'schemaVersion',
  tableDefinition.ttlAttribute,
]);

/**
 * An item without its storage attributes (keys, index keys, type, TTL): the entity itself. Its
 * notes still sealed (not opened by `openNotes`) read as `sealedPlaceholder`.
 */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const entity = Object.fromEntries(
    Object.entries(item).filter(([name]) => !storageAttributes.has(name)),
  );
  return sealedAttribute in entity ? withPlaceholders(entity) : entity;
}
