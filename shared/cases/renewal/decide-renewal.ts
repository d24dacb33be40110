import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';

/** The renewal asked for is granted (period 2 begins) or refused, with a reason. */
export function makeDecideRenewal(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: { grant: boolean; reason: string },
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.RenewalDecisionInput, given);
    return changeCase(deps, actor, caseId, version, 'write:renewal-decision', (current) => ({
      next: rules.decideRenewal(current, {
        ...input,
        decidedBy: actor.userId,
        at: deps.now().toISOString(),
      }),
    }));
  };
}
