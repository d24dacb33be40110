import { keys } from '../../data/keys.ts';
import type { Write } from '../../data/write.ts';
import type { SupportCase } from '../../domain/entities.ts';
import type { ExitOutcome } from '../../measure/vocabulary.ts';

/** The coded outcome, on the referral and on its prescriber's follow-up: all they see of the case. */
export function outcomeToPrescriber(current: SupportCase, outcome: ExitOutcome): Write[] {
  return [
    {
      kind: 'set',
      key: keys.orgReferral(current.orgId, current.referralId),
      values: { exitOutcome: outcome },
      bumpVersion: true,
    },
    {
      kind: 'set',
      key: keys.referral(current.tenantId, current.referralId),
      values: { exitOutcome: outcome },
    },
  ];
}
