import { orgPrefix } from '../../data/keys.ts';
import type { ExitOutcome } from '../../measure/vocabulary.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';
import { outcomeToPrescriber } from './outcome-to-prescriber.ts';

/** A closed case's exit date or outcome, corrected; the prescriber sees the corrected outcome. */
export function makeCorrectExit(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: { date: string; outcome: ExitOutcome },
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.ExitInput, given);
    return changeCase(deps, actor, caseId, version, 'write:exit-correction', (current, today) => ({
      next: rules.correctExit(current, input, today),
      // The prescriber's follow-up and the referral carry the corrected outcome.
      alongside: outcomeToPrescriber(current, input.outcome),
      reach: [orgPrefix(current.orgId)],
    }));
  };
}
