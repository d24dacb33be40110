/**
 * A case file's root item: the person's support, from acceptance to exit. Its id is its
 * referral's; every item of the file sorts under it, so one Query reads the whole file.
 */
import { enteredDate, id, isoDate, isoDateTime, longText, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { caseDeadlines } from '../deadlines/deadline-rules.ts';
import { deadlineSettings, defaultDeadlineSettings } from '../deadlines/deadline-settings.ts';
import { dueIndexKeysOn, earliestDueOn } from '../deadlines/due-index.ts';
import { casePhases, exitOutcomes } from '../measure/vocabulary.ts';
import { person, situation } from '../referrals/person.ts';
import { purgeIndexKeys } from '../retention/purge-index.ts';
import { caseRetentionStart } from '../retention/retention-rules.ts';

const { byRelation, byOwner } = tableDefinition.indexes;

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const contract = z.strictObject({
  signedOn: enteredDate,
  objectives: z.array(shortText).min(1).max(10),
  personCommitments: longText,
  structureCommitments: longText,
  /** Last day of period 1: six months from signature. */
  period1EndsOn: isoDate,
});

export const renewal = z.strictObject({
  status: z.enum(['requested', 'granted', 'denied']),
  requestedAt: isoDateTime,
  requestedBy: id,
  justification: longText,
  decidedAt: isoDateTime.optional(),
  decidedBy: id.optional(),
  decisionReason: longText.optional(),
  /** Last day of period 2, once granted. */
  period2EndsOn: isoDate.optional(),
});

export const caseExit = z.strictObject({ date: enteredDate, outcome: z.enum(exitOutcomes.codes) });

export const supportCase = z.strictObject({
  id,
  tenantId: id,
  referralId: id,
  orgId: id,
  referentId: id.optional(),
  phase: z.enum(casePhases.codes),
  acceptedAt: isoDateTime,
  /**
   * The day its referral was filed, in the structure's time zone: no record of the case is dated
   * before it. Carried at acceptance; a case accepted before it was kept goes by `acceptedAt`.
   */
  referredOn: isoDate.optional(),
  timeZone: z.string().min(1),
  /** The structure's thresholds, carried over from the referral. */
  deadlines: deadlineSettings.optional(),
  person,
  situation,
  contract: contract.optional(),
  renewal: renewal.optional(),
  exit: caseExit.optional(),
  lastContactOn: isoDate.optional(),
  version: z.int().min(1),
});
export type SupportCase = z.infer<typeof supportCase>;

/** The sort-key prefix shared by a case root and every item of its file. */
export function caseFilePrefix(caseId: string): string {
  return `CASE#${caseId}`;
}

/** The case root; every item of the case file sorts under it, so one Query reads the whole file. */
export function caseKey(tenantId: string, caseId: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: caseFilePrefix(caseId) };
}

/** A référent's caseload, by phase. */
export function caseloadIndexKeys(
  tenantId: string,
  referentId: string,
  phase: string,
  caseId: string,
) {
  return {
    [byRelation.partitionKey]: indexPartitions.caseload(tenantId, referentId),
    [byRelation.sortKey]: `${phase}#${caseId}`,
  };
}

/** Every case of a structure, by phase (the structure-admin's caseload). */
export function structureCasesIndexKeys(tenantId: string, phase: string, caseId: string) {
  return {
    [byOwner.partitionKey]: indexPartitions.structureCases(tenantId),
    [byOwner.sortKey]: `${phase}#${caseId}`,
  };
}

/** The purge-index keys of a closed case, from its last contact or exit; none while it is open. */
function casePurgeKeys(supportCase: SupportCase, sortKey: string): Record<string, string> {
  const since = caseRetentionStart(supportCase);
  return since === undefined ? {} : purgeIndexKeys('CASE', since, supportCase.tenantId, sortKey);
}

export function caseItem(supportCase: SupportCase): Item {
  const referentIndex =
    supportCase.referentId === undefined
      ? {}
      : caseloadIndexKeys(
          supportCase.tenantId,
          supportCase.referentId,
          supportCase.phase,
          supportCase.id,
        );
  const key = caseKey(supportCase.tenantId, supportCase.id);
  const deadlines = caseDeadlines(supportCase, supportCase.deadlines ?? defaultDeadlineSettings);
  return {
    ...key,
    ...dueIndexKeysOn(supportCase.timeZone, supportCase.tenantId, key.SK, earliestDueOn(deadlines)),
    ...referentIndex,
    ...structureCasesIndexKeys(supportCase.tenantId, supportCase.phase, supportCase.id),
    ...casePurgeKeys(supportCase, key.SK),
    type: 'case',
    schemaVersion,
    ...supportCase,
  };
}
