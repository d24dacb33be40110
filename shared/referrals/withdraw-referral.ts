import { tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { WritesStoppedError, writeTogether } from '../data/write.ts';
import { PreconditionFailedError, ReferralAnsweredError } from '../errors.ts';
import {
  checkIds,
  notFound,
  type PrescriberActor,
  reaching,
  type UseCaseDeps,
} from '../use-case.ts';
import { inboxIndexKeys, referralKey, referralPurgeKeys } from './referral.ts';
import type { ReferralFollowUp } from './referral-follow-up.ts';
import { referralFollowUpItem } from './referral-follow-up.ts';
import { getFollowUp } from './referral-store.ts';

/** The prescriber takes back a referral the structure has not answered (If-Match on its follow-up). */
export function makeWithdrawReferral(deps: UseCaseDeps) {
  return async (actor: PrescriberActor, referralId: string, version: number) => {
    checkIds({ referralId });
    const followUp = await getFollowUp(deps, actor.orgId, referralId);
    if (followUp === undefined) throw notFound('Prescription');
    if (followUp.version !== version) {
      throw new PreconditionFailedError(
        `La prescription a changé depuis votre lecture (version ${followUp.version}).`,
      );
    }
    if (followUp.status !== 'submitted') {
      throw new ReferralAnsweredError(
        'Cette prescription a déjà reçu une réponse : elle ne peut plus être retirée.',
      );
    }
    const at = deps.now().toISOString();
    const withdrawn: ReferralFollowUp = {
      ...followUp,
      status: 'withdrawn',
      answeredAt: at,
      version: version + 1,
    };
    const inbox = inboxIndexKeys(followUp.tenantId, 'withdrawn', followUp.submittedAt, followUp.id);
    try {
      await reaching([tenantPrefix(followUp.tenantId)], () =>
        writeTogether(deps.db, deps.tableName, [
          { kind: 'replace', item: referralFollowUpItem(withdrawn), expectedVersion: version },
          {
            kind: 'set',
            key: referralKey(followUp.tenantId, followUp.id),
            values: {
              status: 'withdrawn',
              answeredAt: at,
              ...inbox,
              // Retention erases it six months on.
              ...referralPurgeKeys({ ...followUp, status: 'withdrawn', answeredAt: at }),
            },
            bumpVersion: true,
            // Nothing is due any more: the referral leaves the due-date index.
            remove: [
              tableDefinition.indexes.byDueDate.partitionKey,
              tableDefinition.indexes.byDueDate.sortKey,
            ],
          },
        ]),
      );
    } catch (error: unknown) {
      if (error instanceof WritesStoppedError) {
        throw new PreconditionFailedError('La prescription a changé entre-temps : rechargez-la.');
      }
      throw error;
    }
    return withdrawn;
  };
}
