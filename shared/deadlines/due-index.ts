/**
 * The due-date index: every item with a pending deadline sits there under the day it falls on,
 * by time zone (each zone's morning sweep reads its own) and shard (so that no partition runs hot).
 */
import { indexPartitions, shardOf } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { type Deadline, nextDueOn } from './deadline-rules.ts';

const { byDueDate } = tableDefinition.indexes;

/** How many partitions each time zone's due dates are spread over. */
export const dueShards = 4;

/** The shard of an item, stable for its sort key. */
export function dueShardOf(sortKey: string): number {
  return shardOf(sortKey, dueShards);
}

/** An item in the due-date index: the sweep of `timeZone` reads it from `dueOn` on. */
export function dueIndexKeys(timeZone: string, tenantId: string, sortKey: string, dueOn: string) {
  return {
    [byDueDate.partitionKey]: indexPartitions.due(timeZone, dueShardOf(sortKey)),
    [byDueDate.sortKey]: `${dueOn}#${tenantId}#${sortKey}`,
  };
}

/** The due-date index keys of an item whose next deadline falls on `dueOn`; none when nothing is ahead. */
export function dueIndexKeysOn(
  timeZone: string,
  tenantId: string,
  sortKey: string,
  dueOn: string | undefined,
): Record<string, string> {
  return dueOn === undefined ? {} : dueIndexKeys(timeZone, tenantId, sortKey, dueOn);
}

/**
 * The earliest deadline of the item, fallen or not: the sweep looks at it that morning, raises
 * what has fallen (once: alert ids are deterministic) and moves the item on to what comes next.
 */
export function earliestDueOn(deadlines: Deadline[]): string | undefined {
  return nextDueOn(deadlines, '0000-00-00');
}
