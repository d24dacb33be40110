import { newId } from '../../common/ids.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';
import type { JournalEntry } from './journal-entry.ts';
import { journalEntryItem } from './journal-entry.ts';

export interface JournalInput {
  kind: JournalEntry['kind'];
  date: string;
  durationMinutes: number;
  topics: JournalEntry['topics'];
  actions: JournalEntry['actions'];
  partners: JournalEntry['partners'];
  summary: string;
  privateNote?: string | undefined;
}

/** A contact with the person, in the case's journal (its notes sealed on the way). */
export function makeAddJournalEntry(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string, version: number, given: JournalInput) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.JournalInput, given);
    const entry: JournalEntry = { ...input, id: newId(deps.now()), caseId, authorId: actor.userId };
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:journal',
      (current, today) => ({
        next: rules.recordContact(current, entry, today),
        creates: [journalEntryItem(actor.tenantId, entry)],
      }),
    );
    return { supportCase: saved, entry };
  };
}
