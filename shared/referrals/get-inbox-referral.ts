import { withTenantKeys } from '../crypto/defaults.ts';
import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { seesStatus } from './reach.ts';
import { getReferral } from './referral-store.ts';

/** One referral of the structure's inbox, its reason opened. */
export function makeGetInboxReferral(deps: UseCaseDeps) {
  return async (actor: StructureActor, referralId: string) => {
    checkIds({ referralId });
    const found = await getReferral(withTenantKeys(deps), actor.tenantId, referralId);
    if (found === undefined || !seesStatus(actor, found.status)) throw notFound('Prescription');
    return found;
  };
}
