/**
 * What a prescriber organisation keeps of a referral it filed, in its own partition: who it was
 * for, where it went, its status and, once the case has exited, the coded outcome. Never the case file.
 */
import { id, isoDateTime, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, orgPrefix } from '../data/keys.ts';
import { declineReasons, exitOutcomes, referralStatuses } from '../measure/vocabulary.ts';
import { person } from './person.ts';
import type { Referral } from './referral.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const referralFollowUp = z.strictObject({
  id,
  orgId: id,
  tenantId: id,
  structureName: shortText,
  prescriberId: id,
  person: person.pick({ firstName: true, lastName: true }),
  status: z.enum(referralStatuses.codes),
  submittedAt: isoDateTime,
  answeredAt: isoDateTime.optional(),
  declineReason: z.enum(declineReasons.codes).optional(),
  exitOutcome: z.enum(exitOutcomes.codes).optional(),
  version: z.int().min(1),
});
export type ReferralFollowUp = z.infer<typeof referralFollowUp>;

/** The follow-up a referral gives its prescriber. */
export function followUpOf(
  referral: Referral,
  structureName: string,
  version: number,
): ReferralFollowUp {
  return {
    id: referral.id,
    orgId: referral.orgId,
    tenantId: referral.tenantId,
    structureName,
    prescriberId: referral.prescriberId,
    person: { firstName: referral.person.firstName, lastName: referral.person.lastName },
    status: referral.status,
    submittedAt: referral.submittedAt,
    answeredAt: referral.answeredAt,
    declineReason: referral.decline?.reason,
    exitOutcome: referral.exitOutcome,
    version,
  };
}

/** What a prescriber organisation sees of a referral it filed: status, dates, outcome. */
export function referralFollowUpKey(orgId: string, referralId: string): ItemKey {
  return { PK: orgPrefix(orgId), SK: `REFERRAL#${referralId}` };
}

export function referralFollowUpItem(followUp: ReferralFollowUp): Item {
  return {
    ...referralFollowUpKey(followUp.orgId, followUp.id),
    type: 'referral-follow-up',
    schemaVersion,
    ...followUp,
  };
}
