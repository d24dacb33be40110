import { checkIds, notFound, type PrescriberActor, type UseCaseDeps } from '../use-case.ts';
import { getFollowUp } from './referral-store.ts';

/** One referral as its prescriber organisation follows it. */
export function makeGetFollowUp(deps: UseCaseDeps) {
  return async (actor: PrescriberActor, referralId: string) => {
    checkIds({ referralId });
    const followUp = await getFollowUp(deps, actor.orgId, referralId);
    if (followUp === undefined) throw notFound('Prescription');
    return followUp;
  };
}
