import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  caseFilePrefix,
  type SupportCase,
  supportCase as supportCaseSchema,
} from '../cases/case.ts';
import { accessLine, reaches } from '../cases/case-access.ts';
import { stripKeys } from '../cases/case-store.ts';
import { tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { historyOf } from './history-store.ts';
import type { CaseHistoryEntry } from './rectification.ts';

/**
 * The case's history, oldest first, for the structure (its référent, or the admin): one Query of
 * the file and the access-log line.
 */
export function makeGetCaseHistory(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
  ): Promise<{ supportCase: SupportCase; history: CaseHistoryEntry[] }> => {
    checkIds({ caseId });
    const items = await readPartition(deps, tenantPrefix(actor.tenantId), caseFilePrefix(caseId));
    const root = items.find((item) => item.type === 'case');
    const supportCase = root === undefined ? undefined : supportCaseSchema.parse(stripKeys(root));
    if (supportCase === undefined || !reaches(actor, supportCase)) throw notFound('Dossier');
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: accessLine(deps, actor, caseId, 'read:history'),
      }),
    );
    return { supportCase, history: historyOf(items) };
  };
}
