import type { PrescriberActor, UseCaseDeps } from '../use-case.ts';
import type { Referral } from './referral.ts';
import { listFollowUps } from './referral-store.ts';

/** The referrals the prescriber's organisation filed, as it follows them. */
export function makeListFollowUps(deps: UseCaseDeps) {
  return (
    actor: PrescriberActor,
    filter: { status?: Referral['status'] | undefined; limit: number; cursor?: string | undefined },
  ) => listFollowUps(deps, actor.orgId, filter);
}
