/**
 * A deadline that has fallen, raised by the morning sweep. Its id is what it is about, its kind
 * and the day it fell on, so raising it twice writes it once. Listed for its recipient (or the
 * structure when it has none) and for the structure; while open and not escalated it waits in
 * the due-date index for its escalation day.
 */
import { caseFilePrefix } from '../cases/case.ts';
import { id, isoDate, isoDateTime } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { escalationDueOn } from '../deadlines/deadline-rules.ts';
import { dueIndexKeysOn } from '../deadlines/due-index.ts';

const { byRelation, byOwner } = tableDefinition.indexes;

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;

export const alert = z.strictObject({
  id: z.string().min(1),
  tenantId: id,
  subject: z.strictObject({ type: z.enum(['case', 'referral']), id }),
  kind: z.enum([
    'renewal-decision-due',
    'period-ending',
    'period-ended-no-decision',
    'maximum-duration-reached',
    'referral-unanswered',
    'referral-expired',
    'no-contact',
    'no-contract',
    'follow-up-after-exit',
  ]),
  dueOn: isoDate,
  /** The day the sweep raised it, in the structure's time zone (kept here too). */
  raisedOn: isoDate,
  raisedAt: isoDateTime,
  timeZone: z.string().min(1),
  /** Its référent; absent when the case has none (or for a referral): then it is the structure's. */
  recipientId: id.optional(),
  /** Set when it went to the structure-admin too (no référent, or open for 7 days). */
  escalatedAt: isoDateTime.optional(),
  status: z.enum(alertStatuses),
  acknowledgedAt: isoDateTime.optional(),
  acknowledgedBy: id.optional(),
  resolvedAt: isoDateTime.optional(),
  /** The person's first name and the case reference, for the digest: nothing more personal. */
  label: z.string().max(200),
});
export type Alert = z.infer<typeof alert>;

export type AlertSubject = { type: 'case' | 'referral'; id: string };

/** The sort-key prefix of every alert about a case or a referral (they sort under it). */
export function alertPrefix(subject: AlertSubject): string {
  return `${subject.type === 'case' ? caseFilePrefix(subject.id) : `REFERRAL#${subject.id}`}#ALERT#`;
}

/** An alert sorts under what it is about: a case's are part of its file. */
export function alertKey(
  tenantId: string,
  subject: AlertSubject,
  kind: string,
  dueOn: string,
): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${alertPrefix(subject)}${kind}#${dueOn}` };
}

/** A user's alerts, by status then due date. */
export function userAlertsIndexKeys(
  tenantId: string,
  recipientId: string,
  status: string,
  dueOn: string,
  alertSortKey: string,
) {
  return {
    [byRelation.partitionKey]: indexPartitions.userAlerts(tenantId, recipientId),
    [byRelation.sortKey]: `${status}#${dueOn}#${alertSortKey}`,
  };
}

/** A structure's alerts, by status then due date. */
export function structureAlertsIndexKeys(
  tenantId: string,
  status: string,
  dueOn: string,
  alertSortKey: string,
) {
  return {
    [byOwner.partitionKey]: indexPartitions.structureAlerts(tenantId),
    [byOwner.sortKey]: `${status}#${dueOn}#${alertSortKey}`,
  };
}

export function alertItem(alert: Alert): Item {
  const key = alertKey(alert.tenantId, alert.subject, alert.kind, alert.dueOn);
  const waitsForEscalation =
    alert.status === 'open' && alert.escalatedAt === undefined && alert.recipientId !== undefined;
  return {
    ...key,
    ...(alert.recipientId === undefined
      ? {}
      : userAlertsIndexKeys(alert.tenantId, alert.recipientId, alert.status, alert.dueOn, key.SK)),
    ...structureAlertsIndexKeys(alert.tenantId, alert.status, alert.dueOn, key.SK),
    ...dueIndexKeysOn(
      alert.timeZone,
      alert.tenantId,
      key.SK,
      waitsForEscalation ? escalationDueOn(alert.raisedOn) : undefined,
    ),
    type: 'alert',
    schemaVersion,
    ...alert,
  };
}
