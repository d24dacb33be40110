/**
 * The shape of a structure's answer to a referral, accepted or declined: read it with its
 * alerts, check the version read, write the new status on both copies (the structure's and the
 * prescriber's follow-up) with what the answer adds and the alerts it resolves, in one transaction.
 */

import { alertItem } from '../alerts/alert.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { orgPrefix } from '../data/keys.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { PreconditionFailedError, ValidationError } from '../errors.ts';
import { notFound, reaching, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import type { Referral } from './referral.ts';
import { referralItem } from './referral.ts';
import { referralFollowUpKey } from './referral-follow-up.ts';
import { getReferralWithAlerts } from './referral-store.ts';
export interface Answer {
  referral: Referral;
  extra: Write[];
  failedCheck?: string;
}

export async function answerReferral(
  deps: UseCaseDeps,
  actor: StructureActor,
  referralId: string,
  version: number,
  decide: (current: Referral, at: string) => Answer,
): Promise<Referral> {
  const data = withTenantKeys(deps);
  const found = await getReferralWithAlerts(data, actor.tenantId, referralId);
  if (found === undefined) throw notFound('Prescription');
  const current = found.referral;
  if (current.version !== version) {
    throw new PreconditionFailedError(
      `La prescription a changé depuis votre lecture (version ${current.version}).`,
    );
  }
  const answer = decide(current, deps.now().toISOString());
  const saved: Referral = { ...answer.referral, version: version + 1 };
  const writes: Write[] = [
    { kind: 'replace', item: referralItem(saved), expectedVersion: version },
    {
      kind: 'set',
      key: referralFollowUpKey(saved.orgId, saved.id),
      values: {
        status: saved.status,
        answeredAt: saved.answeredAt ?? deps.now().toISOString(),
        ...(saved.decline === undefined ? {} : { declineReason: saved.decline.reason }),
      },
      bumpVersion: true,
    },
    ...answer.extra,
    // An answer takes away the cause of every alert about the referral.
    ...found.alerts
      .filter((raised) => raised.status !== 'resolved')
      .map(
        (raised): Write => ({
          kind: 'put',
          item: alertItem({
            ...raised,
            status: 'resolved',
            resolvedAt: saved.answeredAt ?? deps.now().toISOString(),
          }),
        }),
      ),
  ];
  try {
    // The referral is written whole again: its reason (and decline text) sealed anew.
    await reaching([orgPrefix(saved.orgId)], () =>
      writeTogether(deps.db, deps.tableName, writes, data.tenantKeys),
    );
  } catch (error: unknown) {
    if (!(error instanceof WritesStoppedError)) throw error;
    if (
      answer.failedCheck !== undefined &&
      error.stopped.some((index) => writes[index]?.kind === 'check')
    ) {
      throw new ValidationError([{ name: 'referentId', reason: answer.failedCheck }]);
    }
    throw new PreconditionFailedError(
      'La prescription a été traitée en même temps par quelqu’un d’autre : rechargez-la.',
    );
  }
  return saved;
}
