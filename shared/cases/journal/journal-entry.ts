/** One entry of a case's journal: a contact with the person, what was worked on and with whom. */
import { enteredDate, id, longText } from '../../common/fields.ts';
import { z } from '../../common/zod.ts';
import type { Item } from '../../data/item.ts';
import { type ItemKey, tenantPrefix } from '../../data/keys.ts';
import {
  barrierDomains,
  contactKinds,
  partners,
  supportActions,
} from '../../measure/vocabulary.ts';
import { caseFilePrefix } from '../case.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const journalEntry = z.strictObject({
  id,
  caseId: id,
  authorId: id,
  kind: z.enum(contactKinds.codes),
  date: enteredDate,
  durationMinutes: z.int().min(1).max(600),
  topics: z.array(z.enum(barrierDomains.codes)).max(barrierDomains.codes.length),
  actions: z.array(z.enum(supportActions.codes)).max(supportActions.codes.length),
  partners: z.array(z.enum(partners.codes)).max(partners.codes.length),
  /** Shared with the structure. */
  summary: longText,
  /** Visible to its author only. */
  privateNote: longText.optional(),
});
export type JournalEntry = z.infer<typeof journalEntry>;

export function journalEntryKey(
  tenantId: string,
  caseId: string,
  date: string,
  entryId: string,
): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${caseFilePrefix(caseId)}#JOURNAL#${date}#${entryId}` };
}

export function journalEntryItem(tenantId: string, entry: JournalEntry): Item {
  return {
    ...journalEntryKey(tenantId, entry.caseId, entry.date, entry.id),
    type: 'journal-entry',
    schemaVersion,
    ...entry,
  };
}
