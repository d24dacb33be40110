/**
 * A referral: a prescriber asks a structure to support a person. It waits in the structure's
 * inbox, in the due-date index while a deadline is ahead, and in the purge index once it ended
 * without a case.
 */

import { dateIn } from '../common/dates.ts';
import { id, isoDateTime, longText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { referralDeadlines } from '../deadlines/deadline-rules.ts';
import { deadlineSettings, defaultDeadlineSettings } from '../deadlines/deadline-settings.ts';
import { dueIndexKeysOn, earliestDueOn } from '../deadlines/due-index.ts';
import {
  barrierDomains,
  declineReasons,
  exitOutcomes,
  mobilisationContexts,
  referralStatuses,
  specificPublics,
} from '../measure/vocabulary.ts';
import { purgeIndexKeys } from '../retention/purge-index.ts';
import { referralRetentionStart } from '../retention/retention-rules.ts';
import { person, situation } from './person.ts';

const { byRelation } = tableDefinition.indexes;

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const referral = z.strictObject({
  id,
  tenantId: id,
  orgId: id,
  prescriberId: id,
  status: z.enum(referralStatuses.codes),
  submittedAt: isoDateTime,
  answeredAt: isoDateTime.optional(),
  /** The structure's time zone, in which its dates and deadlines are kept. */
  timeZone: z.string().min(1),
  /** The structure's thresholds when the referral was filed (the design's defaults when absent). */
  deadlines: deadlineSettings.optional(),
  person,
  situation,
  barriers: z.array(z.enum(barrierDomains.codes)).max(barrierDomains.codes.length),
  specificPublics: z.array(z.enum(specificPublics.codes)).max(specificPublics.codes.length),
  context: z.enum(mobilisationContexts.codes),
  reason: longText,
  /** The prescriber confirms the person was informed and agrees to the referral. */
  consent: z.strictObject({ recordedAt: isoDateTime, recordedBy: id }),
  decline: z.strictObject({ reason: z.enum(declineReasons.codes), text: longText }).optional(),
  /** Set once the case has exited: the only thing of the case its prescriber sees. */
  exitOutcome: z.enum(exitOutcomes.codes).optional(),
  version: z.int().min(1),
});
export type Referral = z.infer<typeof referral>;

export function referralKey(tenantId: string, referralId: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `REFERRAL#${referralId}` };
}

/** A structure's referral inbox, by status then date. */
export function inboxIndexKeys(
  tenantId: string,
  status: string,
  submittedAt: string,
  referralId: string,
) {
  return {
    [byRelation.partitionKey]: indexPartitions.inbox(tenantId),
    [byRelation.sortKey]: `${status}#${submittedAt}#${referralId}`,
  };
}

/**
 * The purge-index keys of a referral that ended without a case (declined, withdrawn, expired),
 * from the day it ended; none otherwise. Writes that end a referral in place (a withdrawal, an
 * expiry) set them too.
 */
export function referralPurgeKeys(
  referral: Pick<Referral, 'tenantId' | 'id' | 'status' | 'answeredAt'>,
): Record<string, string> {
  const since = referralRetentionStart(referral.status, referral.answeredAt);
  if (since === undefined) return {};
  const { SK } = referralKey(referral.tenantId, referral.id);
  return purgeIndexKeys('REFERRAL', since, referral.tenantId, SK);
}

export function referralItem(referral: Referral): Item {
  const key = referralKey(referral.tenantId, referral.id);
  const submittedOn = dateIn(referral.timeZone, new Date(referral.submittedAt));
  const deadlines = referralDeadlines(
    referral,
    submittedOn,
    referral.deadlines ?? defaultDeadlineSettings,
  );
  return {
    ...key,
    ...dueIndexKeysOn(referral.timeZone, referral.tenantId, key.SK, earliestDueOn(deadlines)),
    ...inboxIndexKeys(referral.tenantId, referral.status, referral.submittedAt, referral.id),
    ...referralPurgeKeys(referral),
    type: 'referral',
    schemaVersion,
    ...referral,
  };
}
