/**
 * A line of a case's history (a rectification and the values it replaced): under the case file,
 * so retention erases it with the file.
 */
import { caseFilePrefix } from '../cases/case.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, tenantPrefix } from '../data/keys.ts';
import type { CaseHistoryEntry } from './rectification.ts';

/** The version of the stored shape; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const caseHistoryType = 'case-history';

/** The sort-key prefix of a case's history lines, oldest first. */
export function caseHistoryPrefix(caseId: string): string {
  return `${caseFilePrefix(caseId)}#HISTORY#`;
}

export function caseHistoryKey(
  tenantId: string,
  caseId: string,
  at: string,
  entryId: string,
): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${caseHistoryPrefix(caseId)}${at}#${entryId}` };
}

export function caseHistoryItem(tenantId: string, entry: CaseHistoryEntry): Item {
  return {
    ...caseHistoryKey(tenantId, entry.caseId, entry.at, entry.id),
    type: caseHistoryType,
    schemaVersion,
    ...entry,
  };
}
