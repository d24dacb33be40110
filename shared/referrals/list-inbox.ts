import { withTenantKeys } from '../crypto/defaults.ts';
import { ForbiddenError } from '../errors.ts';
import type { StructureActor, UseCaseDeps } from '../use-case.ts';
import { seesStatus } from './reach.ts';
import type { Referral } from './referral.ts';
import { listInbox } from './referral-store.ts';

/** The structure's referrals of one status: a référent sees those waiting for an answer. */
export function makeListInbox(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    status: Referral['status'],
    limit: number,
    cursor: string | undefined,
  ) => {
    if (!seesStatus(actor, status)) {
      throw new ForbiddenError(
        'Un référent voit les prescriptions en attente ; les autres sont dans ses dossiers.',
      );
    }
    return listInbox(withTenantKeys(deps), actor.tenantId, status, limit, cursor);
  };
}
