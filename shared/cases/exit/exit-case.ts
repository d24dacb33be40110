import { orgPrefix } from '../../data/keys.ts';
import type { ExitOutcome } from '../../measure/vocabulary.ts';
import { structureKey } from '../../organisations/structure.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';
import { outcomeToPrescriber } from './outcome-to-prescriber.ts';
/** The support ends, with its coded outcome; the structure has one more free place. */
export function makeExitCase(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: { date: string; outcome: ExitOutcome },
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.ExitInput, given);
    return changeCase(deps, actor, caseId, version, 'write:exit', (current, today) => {
      const next = rules.exitCase(current, input, today);
      return {
        next,
        // The loop closes: the prescriber's follow-up and the referral carry the coded outcome;
        // the structure has one more free place.
        alongside: [
          ...outcomeToPrescriber(current, input.outcome),
          {
            kind: 'add',
            key: structureKey(current.tenantId),
            attribute: 'activeCases',
            delta: -1,
          },
        ],
        reach: [orgPrefix(current.orgId)],
      };
    });
  };
}
