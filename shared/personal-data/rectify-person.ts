/**
 * The person's right to rectification, as the structure exercises it on their behalf: the
 * previous values are kept in the case's history, for the structure only, until retention
 * erases the support.
 */

import { changeCase } from '../cases/case-command.ts';
import { newId } from '../common/ids.ts';
import { orgPrefix } from '../data/keys.ts';
import type { Write } from '../data/write.ts';
import { ValidationError } from '../errors.ts';
import { refuseImplausibleBirthDate } from '../referrals/person.ts';
import { referralKey } from '../referrals/referral.ts';
import { referralFollowUpKey } from '../referrals/referral-follow-up.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { caseHistoryItem } from './case-history.ts';
import {
  type CaseHistoryEntry,
  type RectificationInput,
  rectificationInput,
  rectify,
  touchesName,
} from './rectification.ts';
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
    checkIds({ caseId });
    const correction = parseOrRefuse(rectificationInput, input);
    let entry: CaseHistoryEntry | undefined;
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:rectification',
      (current, today) => {
        if (correction.person?.birthDate !== undefined) {
          refuseImplausibleBirthDate(correction.person.birthDate, today, 'person.birthDate');
        }
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
            key: referralKey(current.tenantId, current.referralId),
            values: { person, situation },
          },
          ...(name
            ? [
                {
                  kind: 'set',
                  key: referralFollowUpKey(current.orgId, current.referralId),
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
