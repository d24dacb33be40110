/**
 * The API's request and response schemas, built from the entity schemas (one home per field)
 * and named for the OpenAPI document. The portal's forms use the same ones.
 */
import { z } from '@hono/zod-openapi';
import { alert } from '../../shared/alerts/alert.ts';
import { appointment } from '../../shared/cases/appointments/appointment.ts';
import { caseExit, contract, supportCase } from '../../shared/cases/case.ts';
import { barrierScores } from '../../shared/cases/diagnostic/barrier-scores.ts';
import { accessLogEntry } from '../../shared/cases/file/access-log.ts';
import { journalEntry } from '../../shared/cases/journal/journal-entry.ts';
import { id } from '../../shared/common/fields.ts';
import {
  attendances,
  barrierDomains,
  casePhases,
  declineReasons,
  mobilisationContexts,
  referralStatuses,
  specificPublics,
  structureKinds,
} from '../../shared/measure/vocabulary.ts';
import { person, situation } from '../../shared/referrals/person.ts';
import { referral } from '../../shared/referrals/referral.ts';
import { referralFollowUp } from '../../shared/referrals/referral-follow-up.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    invalidFields: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .openapi('Problem');

export const IdParam = z.object({ id: id.openapi({ param: { name: 'id', in: 'path' } }) });
export const AppointmentParams = z.object({
  id: id.openapi({ param: { name: 'id', in: 'path' } }),
  appointmentId: id.openapi({ param: { name: 'appointmentId', in: 'path' } }),
});

const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().max(2_000).optional();

export const PageQuery = z.strictObject({ limit, cursor });

export const IfMatchHeader = z.object({
  'if-match': z.string().optional().openapi({ description: 'La version lue (ETag).' }),
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8 à 100 caractères parmi lettres, chiffres, _ . : -')
    .optional()
    .openapi({
      description:
        'Une clé par requête : une nouvelle tentative avec la même clé ne crée rien de plus.',
    }),
});

export const ReferralInput = z
  .strictObject({
    structureId: id,
    person,
    situation,
    barriers: z.array(z.enum(barrierDomains.codes)).max(barrierDomains.codes.length),
    specificPublics: z.array(z.enum(specificPublics.codes)).max(specificPublics.codes.length),
    context: z.enum(mobilisationContexts.codes),
    reason: text(4_000),
    consent: z.literal(true, 'le consentement de la personne doit être recueilli'),
  })
  .openapi('ReferralInput');

export const FollowUp = referralFollowUp.openapi('ReferralFollowUp');
export const FollowUpPage = z
  .object({ items: z.array(FollowUp), cursor: z.string().optional() })
  .openapi('ReferralFollowUpPage');
export const FollowUpQuery = z.strictObject({
  status: z.enum(referralStatuses.codes).optional(),
  limit,
  cursor,
});

export const DirectoryEntry = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(structureKinds.codes),
    territory: z.object({ region: z.string(), departement: z.string() }),
    capacity: z.int(),
    freePlaces: z.int(),
  })
  .openapi('DirectoryEntry');

export const Referral = referral.openapi('Referral');
export const ReferralPage = z
  .object({ items: z.array(Referral), cursor: z.string().optional() })
  .openapi('ReferralPage');
export const InboxQuery = z.strictObject({
  status: z.enum(referralStatuses.codes).default('submitted'),
  limit,
  cursor,
});
export const AcceptInput = z.strictObject({ referentId: id }).openapi('AcceptInput');
export const AcceptResult = z.object({ referral: Referral, caseId: id }).openapi('AcceptResult');
export const DeclineInput = z
  .strictObject({ reason: z.enum(declineReasons.codes), text: text(2_000) })
  .openapi('DeclineInput');

export const Case = supportCase.openapi('Case');
export const CasePage = z
  .object({ items: z.array(Case), cursor: z.string().optional() })
  .openapi('CasePage');
export const CaseQuery = z.strictObject({
  phase: z.enum(casePhases.codes).optional(),
  referentId: id.optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(365).optional().openapi({
    description:
      'Seulement les dossiers dont la période en cours se termine dans ce nombre de jours',
  }),
  limit,
  cursor,
});
export const CaseFile = z
  .object({
    case: Case,
    barrierScores: z.array(barrierScores),
    journal: z.array(journalEntry),
    appointments: z.array(appointment),
    alerts: z.array(alert.openapi('Alert')),
  })
  .openapi('CaseFile');

export const ContractInput = contract.omit({ period1EndsOn: true }).openapi('ContractInput');
export const JournalInput = journalEntry
  .omit({ id: true, caseId: true, authorId: true })
  .openapi('JournalInput');
export const JournalResult = z.object({ case: Case, entry: journalEntry }).openapi('JournalResult');
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
  .extend({ scores: diagnosticScores })
  .openapi('DiagnosticInput');
export const DiagnosticResult = z
  .object({ case: Case, scores: barrierScores })
  .openapi('DiagnosticResult');
export const AppointmentInput = appointment
  .pick({ at: true, durationMinutes: true, kind: true })
  .openapi('AppointmentInput');
export const AppointmentResult = z.object({ case: Case, appointment }).openapi('AppointmentResult');
export const AttendanceInput = z
  .strictObject({ attendance: z.enum(attendances.codes) })
  .openapi('AttendanceInput');
export const RenewalRequestInput = z
  .strictObject({ justification: text(4_000) })
  .openapi('RenewalRequestInput');
export const RenewalDecisionInput = z
  .strictObject({ grant: z.boolean(), reason: text(4_000) })
  .openapi('RenewalDecisionInput');
export const ExitInput = caseExit.openapi('ExitInput');
export const ReassignInput = z.strictObject({ referentId: id }).openapi('ReassignInput');
export const AccessLogPage = z
  .object({ items: z.array(accessLogEntry), cursor: z.string().optional() })
  .openapi('AccessLogPage');
