/**
 * One line of a case's access log: who read or changed the file, and when. Nothing personal.
 * Kept apart from the case file, so reading the file does not read its ever-growing log.
 */
import { id, isoDateTime } from '../../common/fields.ts';
import { z } from '../../common/zod.ts';
import type { Item } from '../../data/item.ts';
import { type ItemKey, tenantPrefix } from '../../data/keys.ts';
import { tableDefinition } from '../../data/table.ts';
import { roles } from '../../measure/vocabulary.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const accessLogEntry = z.strictObject({
  caseId: id,
  userId: z.string().min(1),
  role: z.enum(roles.codes),
  action: z.string().min(1).max(60),
  at: isoDateTime,
});
export type AccessLogEntry = z.infer<typeof accessLogEntry>;

export function accessLogPrefix(caseId: string): string {
  return `ACCESS#${caseId}#`;
}

export function accessLogKey(
  tenantId: string,
  caseId: string,
  at: string,
  entryId: string,
): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${accessLogPrefix(caseId)}${at}#${entryId}` };
}

/** An access-log line, expiring by TTL after `retentionDays`. */
export function accessLogItem(
  tenantId: string,
  entry: AccessLogEntry,
  entryId: string,
  retentionDays: number,
): Item {
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + retentionDays * 86_400;
  return {
    ...accessLogKey(tenantId, entry.caseId, entry.at, entryId),
    type: 'access-log',
    schemaVersion,
    ...entry,
    [tableDefinition.ttlAttribute]: expiresAt,
  };
}
