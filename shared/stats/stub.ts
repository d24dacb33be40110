/**
 * What the statistics keep of a support once retention has erased the person: a pseudonymous
 * stub at the referral's key, holding the contribution the support made to each period when it
 * was erased and a few coarse, non-identifying fields for reading. The projector and
 * `stats:rebuild` take the stub's contribution as it is, so every indicator stays as it was.
 */

import { id, isoDateTime } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import { exitOutcomes, genders } from '../measure/vocabulary.ts';
import { referralKey } from '../referrals/referral.ts';
import { ageBands, type Contributions } from './contributions.ts';
export const supportStubType = 'support-stub';

const month = z.string().regex(/^\d{4}-\d{2}$/);

export const supportStub = z.strictObject({
  id,
  tenantId: id,
  erasedAt: isoDateTime,
  /** Months only: the day is dropped with the person. */
  referredMonth: month,
  enteredMonth: month.optional(),
  exitedMonth: month.optional(),
  gender: z.enum(genders.codes).optional(),
  ageBandAtEntry: z.enum(ageBands).optional(),
  exitOutcome: z.enum(exitOutcomes.codes).optional(),
  /** period → counters, exactly as the projector last computed them. */
  statsSnapshot: z.record(z.string(), z.record(z.string(), z.number())),
});
export type SupportStub = z.infer<typeof supportStub>;

export function supportStubItem(stub: SupportStub): Record<string, unknown> & {
  PK: string;
  SK: string;
} {
  return { ...referralKey(stub.tenantId, stub.id), type: supportStubType, ...stub };
}

export function snapshotOf(contributions: Contributions): SupportStub['statsSnapshot'] {
  return Object.fromEntries(contributions);
}

export function contributionsOfStub(stub: SupportStub): Contributions {
  return new Map(Object.entries(stub.statsSnapshot));
}
