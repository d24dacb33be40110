import { checkIds, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import type { Referral } from './referral.ts';
import { answerReferral } from './referral-answer.ts';
import { declineReferral } from './referral-rules.ts';

/** Declines, with a coded reason the prescriber sees and a text for the structure. */
export function makeDeclineReferral(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    referralId: string,
    version: number,
    input: { reason: NonNullable<Referral['decline']>['reason']; text: string },
  ) => {
    checkIds({ referralId });
    return answerReferral(deps, actor, referralId, version, (current, at) => ({
      referral: declineReferral(current, { ...input, at }),
      extra: [],
    }));
  };
}
