import type { Write } from '../../data/write.ts';
import type { ExitOutcome } from '../../measure/vocabulary.ts';
import { referralKey } from '../../referrals/referral.ts';

import { referralFollowUpKey } from '../../referrals/referral-follow-up.ts';
import type { SupportCase } from '../case.ts';
/** The coded outcome, on the referral and on its prescriber's follow-up: all they see of the case. */
export function outcomeToPrescriber(current: SupportCase, outcome: ExitOutcome): Write[] {
  return [
    {
      kind: 'set',
      key: referralFollowUpKey(current.orgId, current.referralId),
      values: { exitOutcome: outcome },
      bumpVersion: true,
    },
    {
      kind: 'set',
      key: referralKey(current.tenantId, current.referralId),
      values: { exitOutcome: outcome },
    },
  ];
}
