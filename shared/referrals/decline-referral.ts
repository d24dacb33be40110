import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import type { Referral } from './referral.ts';
import { answerReferral } from './referral-answer.ts';
import { declineReferral } from './referral-rules.ts';
import * as schemas from './schemas.ts';

/** Declines, with a coded reason the prescriber sees and a text for the structure. */
export function makeDeclineReferral(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    referralId: string,
    version: number,
    given: { reason: NonNullable<Referral['decline']>['reason']; text: string },
  ) => {
    checkIds({ referralId });
    const input = parseOrRefuse(schemas.DeclineInput, given);
    return answerReferral(deps, actor, referralId, version, (current, at) => ({
      referral: declineReferral(current, { ...input, at }),
      extra: [],
    }));
  };
}
