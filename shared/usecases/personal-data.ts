/**
 * The person's rights over their data, as the structure exercises them on their behalf:
 * rectification (with the previous values kept in the case's history, for the structure only,
 * until retention erases the support), the history itself, and the export for a right-of-access
 * request (export.ts). Every read and write here leaves its line in the case's access log.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../data/case-store.ts';
import { caseHistoryItem, historyOf } from '../data/history-store.ts';
import { caseFilePrefix, keys, orgPrefix, tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import type { Write } from '../data/write.ts';
import { supportCase as supportCaseSchema } from '../domain/entities.ts';
import { newId } from '../domain/ids.ts';
import {
  type CaseHistoryEntry,
  type RectificationInput,
  rectificationInput,
  rectify,
  touchesName,
} from '../domain/rectification.ts';
import { parseOrRefuse } from '../domain/validation.ts';
import { ValidationError } from '../errors.ts';
import { accessLine, changeCase, reaches } from './cases.ts';
import { notFound, type StructureActor, type UseCaseDeps } from './context.ts';

/**
 * Corrects the person's identity or situation: the case, the referral it came from and, for the
 * name, the prescriber's follow-up change together, with a history line holding the values
 * replaced, in one transaction (after one read of the file). 422 when nothing would change.
 */
export function makeRectifyPerson(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: RectificationInput,
  ) => {
    const correction = parseOrRefuse(rectificationInput, input);
    let entry: CaseHistoryEntry | undefined;
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:rectification',
      (current) => {
        const { person, situation, changes } = rectify(current, correction);
        if (changes.length === 0) {
          throw new ValidationError([
            {
              name: 'person',
              reason: 'aucune modification : les valeurs envoyées sont déjà celles du dossier',
            },
          ]);
        }
        const at = deps.now().toISOString();
        entry = {
          id: newId(deps.now()),
          caseId,
          at,
          by: actor.userId,
          role: actor.role,
          kind: 'rectification',
          reason: correction.reason,
          changes,
        };
        const name = touchesName(changes);
        const alongside: Write[] = [
          {
            kind: 'set',
            key: keys.referral(current.tenantId, current.referralId),
            values: { person, situation },
          },
          ...(name
            ? [
                {
                  kind: 'set',
                  key: keys.orgReferral(current.orgId, current.referralId),
                  values: { person: { firstName: person.firstName, lastName: person.lastName } },
                  bumpVersion: true,
                } satisfies Write,
              ]
            : []),
        ];
        return {
          next: { ...current, person, situation },
          creates: [caseHistoryItem(current.tenantId, entry)],
          alongside,
          reach: name ? [orgPrefix(current.orgId)] : [],
        };
      },
    );
    if (entry === undefined) throw new Error('the rectification wrote no history line');
    return { supportCase: saved, entry };
  };
}

/**
 * The case's history, oldest first, for the structure (its référent, or the admin): one Query of
 * the file and the access-log line.
 */
export function makeGetCaseHistory(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string): Promise<CaseHistoryEntry[]> => {
    const items = await readPartition(deps, tenantPrefix(actor.tenantId), caseFilePrefix(caseId));
    const root = items.find((item) => item.type === 'case');
    if (root === undefined || !reaches(actor, supportCaseSchema.parse(stripKeys(root)))) {
      throw notFound('Dossier');
    }
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: accessLine(deps, actor, caseId, 'read:history'),
      }),
    );
    return historyOf(items);
  };
}
