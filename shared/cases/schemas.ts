/** The payloads of a case file: its reads, and each command of the support's course. */
import { Alert } from '../alerts/schemas.ts';
import { id } from '../common/fields.ts';
import { cursor, limit, pageOf, text } from '../common/schemas.ts';
import { z } from '../common/zod.ts';
import { attendances, casePhases } from '../measure/vocabulary.ts';
import { appointment } from './appointments/appointment.ts';
import { caseExit, contract, supportCase } from './case.ts';
import { barrierScores } from './diagnostic/barrier-scores.ts';
import { accessLogEntry } from './file/access-log.ts';
import { journalEntry } from './journal/journal-entry.ts';

export const AppointmentParams = z.object({ id, appointmentId: id });

/**
 * The answers' own copy of the case schema (`.clone()`): the API names it in its document,
 * while the entity stays written out where other answers nest it.
 */
export const Case = supportCase.clone();
export const CasePage = pageOf(Case);
export const CaseQuery = z.strictObject({
  phase: z.enum(casePhases.codes).optional(),
  referentId: id.optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(365).optional(),
  limit,
  cursor,
});
export const CaseFile = z.object({
  case: Case,
  barrierScores: z.array(barrierScores),
  journal: z.array(journalEntry),
  appointments: z.array(appointment),
  alerts: z.array(Alert),
});

export const ContractInput = contract.omit({ period1EndsOn: true });
export const JournalInput = journalEntry.omit({ id: true, caseId: true, authorId: true });
export const JournalResult = z.object({ case: Case, entry: journalEntry });
/**
 * The domains scored, each at most once: a strict object over the entity's record. Zod skips a
 * `__proto__` key of a record without a word (its guard against prototype pollution), so
 * `{"housing":1,"__proto__":3}` passed as valid; a strict object refuses it like any unknown field.
 */
const { keyType: scoredDomain, valueType: score } = barrierScores.shape.scores;
const diagnosticScores = z.strictObject(
  Object.fromEntries(scoredDomain.options.map((domain) => [domain, score.optional()])),
);
export const DiagnosticInput = barrierScores
  .omit({ caseId: true })
  .extend({ scores: diagnosticScores });
export const DiagnosticResult = z.object({ case: Case, scores: barrierScores });
export const AppointmentInput = appointment.pick({ at: true, durationMinutes: true, kind: true });
export const AppointmentResult = z.object({ case: Case, appointment });
export const AttendanceInput = z.strictObject({ attendance: z.enum(attendances.codes) });
export const RenewalRequestInput = z.strictObject({ justification: text(4_000) });
export const RenewalDecisionInput = z.strictObject({ grant: z.boolean(), reason: text(4_000) });
/** Its own copy of the entity's exit, which the API names (the case's `exit` stays written out). */
export const ExitInput = caseExit.clone();
export const ReassignInput = z.strictObject({ referentId: id });
export const AccessLogPage = pageOf(accessLogEntry);
