import { checkIds, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';

/** The renewal asked for is granted (period 2 begins) or refused, with a reason. */
export function makeDecideRenewal(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: { grant: boolean; reason: string },
  ) => {
    checkIds({ caseId });
    return changeCase(deps, actor, caseId, version, 'write:renewal-decision', (current) => ({
      next: rules.decideRenewal(current, {
        ...input,
        decidedBy: actor.userId,
        at: deps.now().toISOString(),
      }),
    }));
  };
}
