import { alertItem } from '../../alerts/alert.ts';
import { checkIds, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import { referentCheck } from '../referent-check.ts';

/** Gives the case another référent of the structure; its open alerts follow it. */
export function makeReassignCase(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string, version: number, referentId: string) => {
    checkIds({ caseId, referentId });
    return changeCase(deps, actor, caseId, version, 'write:reassign', (current, _today, file) => ({
      next: rules.reassign(current, referentId),
      alongside: [referentCheck(actor.tenantId, referentId)],
      failedCheck: { name: 'referentId', reason: 'ce référent n’appartient pas à la structure' },
      // The alerts still to deal with follow the case to its new référent.
      replaces: file.alerts
        .filter((raised) => raised.status !== 'resolved')
        .map((raised) => alertItem({ ...raised, recipientId: referentId })),
    }));
  };
}
