import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { getCase, listAccessLog } from '../case-store.ts';

/** Who read or changed a case file, and when: the most recent first. */
export function makeGetAccessLog(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    limit: number,
    cursor: string | undefined,
  ) => {
    checkIds({ caseId });
    const supportCase = await getCase(deps, actor.tenantId, caseId);
    if (supportCase === undefined) throw notFound('Dossier');
    return listAccessLog(deps, actor.tenantId, caseId, limit, cursor);
  };
}
