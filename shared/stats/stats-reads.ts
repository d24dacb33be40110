/**
 * What the projector and the dashboards read of the statistics: rows of a region or a
 * structure, and the structure or prescriber a contribution needs.
 */

import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { readPartition } from '../data/partition.ts';
import {
  prescriberOrganisation,
  prescriberOrgKey,
} from '../organisations/prescriber-organisation.ts';
import { type Structure, structure, structureKey } from '../organisations/structure.ts';
import { type Referral, referral, referralKey } from '../referrals/referral.ts';
import type { Counters } from './contributions.ts';
import { type StatsScopeKey, statsRowKey, structureStatsRowKey } from './stats-row.ts';
import { rowCounters } from './stats-store.ts';
import { type SupportStub, supportStub, supportStubType } from './stub.ts';

/** A support's referral, or the stub retention left in its place. */
export async function readReferralOrStub(
  { db, tableName }: DataContext,
  tenantId: string,
  referralId: string,
): Promise<{ referral?: Referral; stub?: SupportStub }> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: referralKey(tenantId, referralId),
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) return {};
  if (Item.type === supportStubType) return { stub: supportStub.parse(stripKeys(Item)) };
  return { referral: referral.parse(stripKeys(Item)) };
}

export async function getPrescriberKind(
  { db, tableName }: DataContext,
  orgId: string,
): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: prescriberOrgKey(orgId) }),
  );
  return Item === undefined ? undefined : prescriberOrganisation.parse(stripKeys(Item)).kind;
}

/** A stored counter row, as the read side needs it. */
export interface StatsRow {
  scope: StatsScopeKey;
  label: string | undefined;
  counters: Counters;
}

function statsRowOf(item: Record<string, unknown>): StatsRow | undefined {
  const { scopeKind, departement, tenantId, label } = item;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const counters = rowCounters(item);
  switch (scopeKind) {
    case 'region':
      return { scope: { kind: 'region' }, label: undefined, counters };
    case 'departement': {
      const code = text(departement);
      return code === undefined
        ? undefined
        : { scope: { kind: 'departement', departement: code }, label: undefined, counters };
    }
    case 'structure': {
      const code = text(departement);
      const id = text(tenantId);
      return code === undefined || id === undefined
        ? undefined
        : {
            scope: { kind: 'structure', departement: code, tenantId: id },
            label: text(label),
            counters,
          };
    }
    default:
      return undefined;
  }
}

/** Every scope's row of a region for one period: one Query, whatever the number of cases. */
export async function readRegionRows(
  data: DataContext,
  region: string,
  period: string,
): Promise<{ rows: StatsRow[]; itemsRead: number }> {
  const { PK } = statsRowKey(region, period, { kind: 'region' });
  // Counters a second old are as good as the latest here: an eventually consistent read.
  const items = await readPartition(data, PK, undefined, { consistent: false });
  const rows = items.flatMap((item) => statsRowOf(item) ?? []);
  const itemsRead = items.length;
  return { rows, itemsRead };
}

/** A structure, its rows for a period and its ledger: one BatchGetItem in its own partition. */
export async function readStructureRows(
  { db, tableName }: DataContext,
  tenantId: string,
  periods: readonly string[],
): Promise<{
  structure: Structure | undefined;
  rows: Map<string, Counters>;
  itemsRead: number;
}> {
  const structureAt = structureKey(tenantId);
  const wanted = [structureAt, ...periods.map((period) => structureStatsRowKey(tenantId, period))];
  const result = await db.send(
    new BatchGetCommand({ RequestItems: { [tableName]: { Keys: wanted } } }),
  );
  const items = result.Responses?.[tableName] ?? [];
  const rows = new Map<string, Counters>();
  let found: Structure | undefined;
  for (const item of items) {
    if (item.SK === structureAt.SK) found = structure.parse(stripKeys(item));
    else if (typeof item.period === 'string') rows.set(item.period, rowCounters(item));
  }
  return { structure: found, rows, itemsRead: items.length };
}
