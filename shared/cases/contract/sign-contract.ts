import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';

/** The contract is signed: period 1 (six months) begins. */
export function makeSignContract(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: rules.ContractInput,
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.ContractInput, given);
    return changeCase(deps, actor, caseId, version, 'write:contract', (current, today) => ({
      next: rules.signContract(current, input, today),
    }));
  };
}
