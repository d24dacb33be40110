import { ValidationError } from '../../errors.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';
import type { BarrierScores } from './barrier-scores.ts';
import { barrierScoresItem } from './barrier-scores.ts';

/** The scores of one stage of the diagnostic, recorded once: a second scoring of it is refused. */
export function makeRecordDiagnostic(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: {
      stage: BarrierScores['stage'];
      scoredOn: string;
      scores: BarrierScores['scores'];
      /** Free text about the diagnostic, sealed with the tenant's key. */
      notes?: string | undefined;
    },
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.DiagnosticInput, given);
    const scores: BarrierScores = { caseId, ...input };
    if (Object.keys(input.scores).length === 0) {
      throw new ValidationError([{ name: 'scores', reason: 'au moins un domaine doit être noté' }]);
    }
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:diagnostic',
      (current, today) => {
        if (input.scoredOn > today) {
          throw new ValidationError([
            { name: 'scoredOn', reason: 'la date ne peut pas être dans le futur' },
          ]);
        }
        // The stage's item is created, never replaced: a second scoring of a stage stops the transaction.
        rules.checkScoring(current, scores, false);
        rules.refuseBeforeReferral(current, input.scoredOn, 'scoredOn');
        return {
          next: current,
          creates: [barrierScoresItem(actor.tenantId, scores)],
          duplicate: `Le diagnostic de l’étape « ${input.stage} » est déjà enregistré pour ce dossier.`,
        };
      },
    );
    return { supportCase: saved, scores };
  };
}
