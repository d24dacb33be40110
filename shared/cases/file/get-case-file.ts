import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { withTenantKeys } from '../../crypto/defaults.ts';
import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { accessLine, reaches } from '../case-access.ts';
import { type CaseFile, readCaseFile } from '../case-store.ts';

/** The case file as its reader may see it: private notes only for their author. */
function asSeenBy(file: CaseFile, actor: StructureActor): CaseFile {
  return {
    ...file,
    journal: file.journal.map((entry) => {
      if (entry.privateNote === undefined || entry.authorId === actor.userId) return entry;
      const { privateNote: _hidden, ...shared } = entry;
      return shared;
    }),
  };
}

/** The whole case file (one Query), and its reading's line in the access log. */
export function makeGetCaseFile(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string): Promise<CaseFile> => {
    checkIds({ caseId });
    // The notes in clear: the reader's tenant keys open them (private notes included, hidden below).
    const file = await readCaseFile(withTenantKeys(deps), actor.tenantId, caseId);
    if (file === undefined || !reaches(actor, file.supportCase)) throw notFound('Dossier');
    await deps.db.send(
      new PutCommand({ TableName: deps.tableName, Item: accessLine(deps, actor, caseId, 'read') }),
    );
    return asSeenBy(file, actor);
  };
}
