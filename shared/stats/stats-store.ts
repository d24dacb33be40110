/**
 * Where the statistics live. Counter rows: one per scope × period, a region's scopes of a period
 * in one partition (`STATS#<region>#<period>`) so a funder's dashboard is one Query, and a copy
 * of each structure's in its own tenant partition for its structure-admin. Contributions: what
 * each person's support adds to one period, kept in the tenant partition beside the case.
 */

import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DataContext } from '../data/context.ts';
import { type ItemKey, tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { tableDefinition } from '../data/table.ts';
import { stoppedItems } from '../data/transactions.ts';
import type { Structure } from '../organisations/structure.ts';
import type { Counters } from './contributions.ts';
import {
  type StatsScopeKey,
  statsContributionKey,
  statsContributionPrefix,
  statsRowKey,
  structureStatsRowKey,
} from './stats-row.ts';

const { partitionKey } = tableDefinition;

/** Counters are stored as top-level numbers named `n:<counter>`, so one UpdateItem can ADD them. */
const counterPrefix = 'n:';

/** The rows one contribution is added to: its structure's copy, and structure, département, region. */
export function rowsOf(structureOf: Structure, period: string): ItemKey[] {
  const { region, departement } = structureOf.territory;
  return [
    structureStatsRowKey(structureOf.id, period),
    statsRowKey(region, period, { kind: 'structure', departement, tenantId: structureOf.id }),
    statsRowKey(region, period, { kind: 'departement', departement }),
    statsRowKey(region, period, { kind: 'region' }),
  ];
}

/** What a row says about itself, written beside its counters. */
function rowMetadata(
  structureOf: Structure,
  row: ItemKey,
  period: string,
): Record<string, unknown> {
  const scope = scopeOfRow(structureOf, row);
  return {
    type: 'stats-row',
    period,
    scopeKind: scope.kind,
    region: structureOf.territory.region,
    ...(scope.kind === 'region' ? {} : { departement: structureOf.territory.departement }),
    ...(scope.kind === 'structure' ? { tenantId: structureOf.id, label: structureOf.name } : {}),
  };
}

function scopeOfRow(structureOf: Structure, row: ItemKey): StatsScopeKey {
  if (row.PK === tenantPrefix(structureOf.id) || row.SK.startsWith('S#')) {
    return {
      kind: 'structure',
      departement: structureOf.territory.departement,
      tenantId: structureOf.id,
    };
  }
  if (row.SK.startsWith('D#')) {
    return { kind: 'departement', departement: structureOf.territory.departement };
  }
  return { kind: 'region' };
}

/** A contribution as stored: its counters, the rows it was added to, and a revision for races. */
export interface StoredContribution {
  period: string;
  counters: Counters;
  rows: ItemKey[];
  revision: number;
}

export async function readContributions(
  data: DataContext,
  tenantId: string,
  sourceId: string,
): Promise<Map<string, StoredContribution>> {
  const items = await readPartition(
    data,
    tenantPrefix(tenantId),
    statsContributionPrefix(sourceId),
  );
  return new Map(
    items.map((item) => {
      const stored = storedContributionOf(item);
      return [stored.period, stored];
    }),
  );
}

export function storedContributionOf(item: Record<string, unknown>): StoredContribution {
  const { period, counters, rows, revision } = item;
  if (typeof period !== 'string' || typeof revision !== 'number' || !Array.isArray(rows)) {
    throw new TypeError(`malformed statistics contribution ${String(item.SK)}`);
  }
  return {
    period,
    counters: countersOf(counters),
    rows: rows.map((row: unknown) => {
      if (typeof row !== 'object' || row === null) throw new TypeError('malformed row key');
      const { PK, SK } = row as Record<string, unknown>;
      if (typeof PK !== 'string' || typeof SK !== 'string')
        throw new TypeError('malformed row key');
      return { PK, SK };
    }),
    revision,
  };
}

function countersOf(value: unknown): Counters {
  const counters: Counters = {};
  if (typeof value !== 'object' || value === null) return counters;
  for (const [name, count] of Object.entries(value)) {
    if (typeof count === 'number') counters[name] = count;
  }
  return counters;
}

/** The counters of a stored row (its `n:` attributes). */
export function rowCounters(item: Record<string, unknown>): Counters {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(counterPrefix) && typeof value === 'number') {
      counters[name.slice(counterPrefix.length)] = value;
    }
  }
  return counters;
}

export interface ContributionChange {
  tenantId: string;
  sourceId: string;
  period: string;
  before: StoredContribution | undefined;
  after: { counters: Counters; rows: ItemKey[] } | undefined;
  structure: Structure;
}

/** The contribution moved on by someone else since it was read: read again and recompute. */
export class ContributionMovedError extends Error {
  constructor() {
    super('statistics contribution changed since it was read');
    this.name = 'ContributionMovedError';
  }
}

/**
 * Replaces one period's contribution and moves its rows by the difference, in one transaction:
 * the counters stay the sum of the stored contributions whatever fails or runs twice.
 */
export async function replaceContribution(
  { db, tableName }: DataContext,
  change: ContributionChange,
): Promise<void> {
  const { tenantId, sourceId, period, before, after } = change;
  const key = statsContributionKey(tenantId, sourceId, period);
  const guard: {
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } =
    before === undefined
      ? {
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
        }
      : {
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': before.revision },
        };
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    after === undefined
      ? { Delete: { TableName: tableName, Key: key, ...guard } }
      : {
          Put: {
            TableName: tableName,
            Item: {
              ...key,
              type: 'stats-contribution',
              sourceId,
              period,
              counters: after.counters,
              rows: after.rows,
              revision: (before?.revision ?? 0) + 1,
            },
            ...guard,
          },
        },
  ];
  for (const [rowKey, delta] of rowDeltas(before, after)) {
    const row = JSON.parse(rowKey) as ItemKey;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const additions: string[] = [];
    Object.entries(delta).forEach(([name, value], index) => {
      names[`#c${index}`] = `${counterPrefix}${name}`;
      values[`:c${index}`] = value;
      additions.push(`#c${index} :c${index}`);
    });
    const sets: string[] = [];
    Object.entries(rowMetadata(change.structure, row, period)).forEach(([name, value], index) => {
      names[`#m${index}`] = name;
      values[`:m${index}`] = value;
      sets.push(`#m${index} = :m${index}`);
    });
    items.push({
      Update: {
        TableName: tableName,
        Key: row,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${additions.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  }
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error: unknown) {
    stoppedItems(error);
    throw new ContributionMovedError();
  }
}

/** Row (as JSON key) → counters to add: minus what was added before, plus what is added now. */
function rowDeltas(
  before: StoredContribution | undefined,
  after: { counters: Counters; rows: ItemKey[] } | undefined,
): Map<string, Counters> {
  const deltas = new Map<string, Counters>();
  const apply = (rows: ItemKey[], counters: Counters, sign: 1 | -1) => {
    for (const row of rows) {
      const rowKey = JSON.stringify({ PK: row.PK, SK: row.SK });
      const delta = deltas.get(rowKey) ?? {};
      for (const [name, value] of Object.entries(counters)) {
        const next = (delta[name] ?? 0) + sign * value;
        if (next === 0) delete delta[name];
        else delta[name] = next;
      }
      deltas.set(rowKey, delta);
    }
  };
  if (before !== undefined) apply(before.rows, before.counters, -1);
  if (after !== undefined) apply(after.rows, after.counters, 1);
  for (const [rowKey, delta] of deltas) {
    if (Object.keys(delta).length === 0) deltas.delete(rowKey);
  }
  return deltas;
}

/** A whole counter row as `stats:rebuild` writes it: metadata and every counter. */
export function rowItem(
  structureOf: Structure,
  row: ItemKey,
  period: string,
  counters: Counters,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...row,
    ...rowMetadata(structureOf, row, period),
  };
  for (const [name, value] of Object.entries(counters)) item[`${counterPrefix}${name}`] = value;
  return item;
}

/** A whole contribution item as `stats:rebuild` writes it. */
export function contributionItem(
  tenantId: string,
  sourceId: string,
  period: string,
  contribution: { counters: Counters; rows: ItemKey[]; revision: number },
): Record<string, unknown> {
  return {
    ...statsContributionKey(tenantId, sourceId, period),
    type: 'stats-contribution',
    sourceId,
    period,
    ...contribution,
  };
}
