import { randomUUID } from 'node:crypto';
import { caseItem } from '../cases/case.ts';
import { accessLogItem } from '../cases/file/access-log.ts';
import { referentCheck } from '../cases/referent-check.ts';
import { structureKey } from '../organisations/structure.ts';
import { checkIds, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { answerReferral } from './referral-answer.ts';
import { acceptReferral } from './referral-rules.ts';
/** Accepts: the case opens with its référent unique, in the same transaction as the new status. */
export function makeAcceptReferral(deps: UseCaseDeps) {
  return async (actor: StructureActor, referralId: string, version: number, referentId: string) => {
    checkIds({ referralId, referentId });
    const referral = await answerReferral(deps, actor, referralId, version, (current, at) => {
      const { referral: accepted, supportCase } = acceptReferral(current, { referentId, at });
      const line = accessLogItem(
        actor.tenantId,
        {
          caseId: supportCase.id,
          userId: actor.userId,
          role: actor.role,
          action: 'write:open',
          at,
        },
        randomUUID(),
        deps.settings.accessLogRetentionDays,
      );
      return {
        referral: accepted,
        extra: [
          { kind: 'create', item: caseItem(supportCase) },
          referentCheck(actor.tenantId, referentId),
          { kind: 'add', key: structureKey(actor.tenantId), attribute: 'activeCases', delta: 1 },
          { kind: 'put', item: line },
        ],
        failedCheck: 'ce référent n’appartient pas à la structure',
      };
    });
    return { referral, caseId: referral.id };
  };
}
