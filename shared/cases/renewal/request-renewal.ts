import { checkIds, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';

/** The référent asks for the one renewal the measure allows, with its justification. */
export function makeRequestRenewal(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string, version: number, justification: string) => {
    checkIds({ caseId });
    return changeCase(deps, actor, caseId, version, 'write:renewal-request', (current) => ({
      next: rules.requestRenewal(current, {
        justification,
        requestedBy: actor.userId,
        at: deps.now().toISOString(),
      }),
    }));
  };
}
