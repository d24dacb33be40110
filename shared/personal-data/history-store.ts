/** A case's history: its lines are items of the case file, read on their own in one Query. */

import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { caseHistoryPrefix, caseHistoryType } from './case-history.ts';
import { type CaseHistoryEntry, caseHistoryEntry } from './rectification.ts';

/** A case's history, oldest first (one Query, paged to the end). */
export async function readCaseHistory(
  data: DataContext,
  tenantId: string,
  caseId: string,
): Promise<CaseHistoryEntry[]> {
  const items = await readPartition(data, tenantPrefix(tenantId), caseHistoryPrefix(caseId));
  return historyOf(items);
}

/** The history lines among items of a case file, oldest first. */
export function historyOf(items: readonly Record<string, unknown>[]): CaseHistoryEntry[] {
  return items
    .filter((item) => item.type === caseHistoryType)
    .map((item) => caseHistoryEntry.parse(stripKeys(item)));
}
