/**
 * The purge index: what retention will erase, by shard (every tenant's, read by the retention
 * job only). Only closed cases and declined, withdrawn or expired referrals are there.
 */
import { indexPartitions, shardOf } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';

const { byPurgeDate } = tableDefinition.indexes;

/** How many partitions the purge index is spread over. */
export const purgeShards = 4;

/** What the purge index lists: a closed case, or a referral that will never become one. */
export type PurgeKind = 'CASE' | 'REFERRAL';

/**
 * The sort key of an item in the purge index: its kind, then the day its retention period
 * started from (a case's last contact or exit, a referral's answer), then where it is. The
 * period itself is a platform setting applied when the index is read, so changing the setting
 * needs no rewrite of the items.
 */
export function purgeSortKey(
  kind: PurgeKind,
  since: string,
  tenantId: string,
  sortKey: string,
): string {
  return `${kind}#${since}#${tenantId}#${sortKey}`;
}

/** The purge-index shard of an item, stable for its sort key. */
export function purgeShardOf(sortKey: string): number {
  return shardOf(sortKey, purgeShards);
}

/** An item in the purge index: retention reads it once its period from `since` has passed. */
export function purgeIndexKeys(kind: PurgeKind, since: string, tenantId: string, sortKey: string) {
  return {
    [byPurgeDate.partitionKey]: indexPartitions.purge(purgeShardOf(sortKey)),
    [byPurgeDate.sortKey]: purgeSortKey(kind, since, tenantId, sortKey),
  };
}
