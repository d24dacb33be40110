/**
 * What Appui stores, as zod schemas (types are inferred from them). The API's request schemas are
 * built from these pieces, so a field is defined once.
 */

import { z } from '../common/zod.ts';
import { isDepartementCode, isRegionCode } from '../measure/territory.ts';
import {
  attendances,
  barrierDomains,
  casePhases,
  contactKinds,
  declineReasons,
  exitOutcomes,
  genders,
  minimumIncomes,
  mobilisationContexts,
  partners,
  prescriberKinds,
  referralStatuses,
  roles,
  specificPublics,
  structureKinds,
  supportActions,
} from '../measure/vocabulary.ts';

export const id = z.uuid();
/** A calendar date, `YYYY-MM-DD`, in the structure's time zone. */
export const isoDate = z.iso.date();
export const isoDateTime = z.iso.datetime({ offset: true });
/** A date a person enters: a calendar date within the bounds of a support's life (1900–2100). */
export const enteredDate = isoDate.refine(
  (date) => date >= '1900-01-01' && date <= '2100-12-31',
  'date hors des limites plausibles (1900–2100)',
);
/** An instant a person enters (an appointment), within the same bounds. */
export const enteredDateTime = isoDateTime.refine(
  (instant) => instant >= '2000-01-01' && instant <= '2100-12-31T23:59:59Z',
  'date hors des limites plausibles (2000–2100)',
);
const shortText = z.string().trim().min(1).max(200);
const longText = z.string().trim().min(1).max(4_000);

export const regionCode = z.string().refine(isRegionCode, 'code région INSEE inconnu');
export const departementCode = z
  .string()
  .refine(isDepartementCode, 'code département INSEE inconnu');

/** Where a prescriber organisation or a structure works. */
export const territory = z.strictObject({ region: regionCode, departement: departementCode });

/** SIRET: 14 digits whose Luhn sum is a multiple of 10 (La Poste's SIRETs follow their own rule). */
export const siret = z
  .string()
  .regex(/^\d{14}$/, '14 chiffres attendus')
  .refine(isValidSiret, 'SIRET invalide (clé de contrôle)');

export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) {
    return [...value].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  }
  let sum = 0;
  for (let index = 0; index < 14; index += 1) {
    let digit = Number(value[13 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const deadlineSettings = z.strictObject({
  renewalDecisionDaysBefore: z.int().min(1).max(90),
  periodEndingDaysBefore: z.int().min(1).max(30),
  referralUnansweredDays: z.int().min(1).max(30),
  referralExpiryDays: z.int().min(1).max(90),
  silenceDays: z.int().min(1).max(60),
  noContractDays: z.int().min(1).max(90),
  followUpMonthsAfterExit: z.int().min(1).max(24),
});
export type DeadlineSettings = z.infer<typeof deadlineSettings>;

/** The thresholds of the design page; each structure may change them. */
export const defaultDeadlineSettings: DeadlineSettings = {
  renewalDecisionDaysBefore: 30,
  periodEndingDaysBefore: 7,
  referralUnansweredDays: 10,
  referralExpiryDays: 30,
  silenceDays: 14,
  noContractDays: 30,
  followUpMonthsAfterExit: 6,
};

/** A provider structure: one tenant. */
export const structure = z.strictObject({
  id,
  name: shortText,
  siret,
  kind: z.enum(structureKinds.codes),
  territory,
  timeZone: z.string().min(1),
  capacity: z.int().min(1).max(10_000),
  /** Convention amount per six-month support, in euro cents. */
  conventionAmountPerSupportCents: z.int().min(0),
  cofinancing: z.strictObject({
    esfPercent: z.int().min(0).max(100),
    statePercent: z.int().min(0).max(100),
  }),
  deadlines: deadlineSettings,
  /** Cases accepted and not exited: capacity minus this is what the directory shows as free. */
  activeCases: z.int().min(0),
  createdAt: isoDateTime,
});
export type Structure = z.infer<typeof structure>;

export const prescriberOrganisation = z.strictObject({
  id,
  name: shortText,
  kind: z.enum(prescriberKinds.codes),
  territory,
  createdAt: isoDateTime,
});
export type PrescriberOrganisation = z.infer<typeof prescriberOrganisation>;

export const funder = z.strictObject({
  id,
  name: shortText,
  territory: z.strictObject({ region: regionCode }),
  createdAt: isoDateTime,
});
export type Funder = z.infer<typeof funder>;

export const user = z.strictObject({
  id,
  email: z.email(),
  firstName: shortText,
  lastName: shortText,
  role: z.enum(roles.codes),
  tenantId: id.optional(),
  orgId: id.optional(),
  funderId: id.optional(),
  createdAt: isoDateTime,
});
export type User = z.infer<typeof user>;

/** Who the person is: what the support needs to reach them, no more. */
export const person = z.strictObject({
  firstName: shortText,
  lastName: shortText,
  birthDate: enteredDate,
  gender: z.enum(genders.codes),
  phone: z
    .string()
    .regex(/^\+?[0-9 .]{8,20}$/, 'numéro de téléphone invalide')
    .optional(),
  email: z.email().optional(),
  postalCode: z.string().regex(/^\d{5}$/, 'code postal à 5 chiffres'),
  city: shortText,
});
export type Person = z.infer<typeof person>;

export const situation = z.strictObject({
  minimumIncome: z.enum(minimumIncomes.codes),
  registeredWithFranceTravail: z.boolean(),
});

export const referral = z.strictObject({
  id,
  tenantId: id,
  orgId: id,
  prescriberId: id,
  status: z.enum(referralStatuses.codes),
  submittedAt: isoDateTime,
  answeredAt: isoDateTime.optional(),
  /** The structure's time zone, in which its dates and deadlines are kept. */
  timeZone: z.string().min(1),
  /** The structure's thresholds when the referral was filed (the design's defaults when absent). */
  deadlines: deadlineSettings.optional(),
  person,
  situation,
  barriers: z.array(z.enum(barrierDomains.codes)).max(barrierDomains.codes.length),
  specificPublics: z.array(z.enum(specificPublics.codes)).max(specificPublics.codes.length),
  context: z.enum(mobilisationContexts.codes),
  reason: longText,
  /** The prescriber confirms the person was informed and agrees to the referral. */
  consent: z.strictObject({ recordedAt: isoDateTime, recordedBy: id }),
  decline: z.strictObject({ reason: z.enum(declineReasons.codes), text: longText }).optional(),
  /** Set once the case has exited: the only thing of the case its prescriber sees. */
  exitOutcome: z.enum(exitOutcomes.codes).optional(),
  version: z.int().min(1),
});
export type Referral = z.infer<typeof referral>;

/**
 * What a prescriber organisation keeps of a referral it filed, in its own partition: who it was
 * for, where it went, its status and, once the case has exited, the coded outcome. Never the case file.
 */
export const referralFollowUp = z.strictObject({
  id,
  orgId: id,
  tenantId: id,
  structureName: shortText,
  prescriberId: id,
  person: person.pick({ firstName: true, lastName: true }),
  status: z.enum(referralStatuses.codes),
  submittedAt: isoDateTime,
  answeredAt: isoDateTime.optional(),
  declineReason: z.enum(declineReasons.codes).optional(),
  exitOutcome: z.enum(exitOutcomes.codes).optional(),
  version: z.int().min(1),
});
export type ReferralFollowUp = z.infer<typeof referralFollowUp>;

/** The follow-up a referral gives its prescriber. */
export function followUpOf(
  referral: Referral,
  structureName: string,
  version: number,
): ReferralFollowUp {
  return {
    id: referral.id,
    orgId: referral.orgId,
    tenantId: referral.tenantId,
    structureName,
    prescriberId: referral.prescriberId,
    person: { firstName: referral.person.firstName, lastName: referral.person.lastName },
    status: referral.status,
    submittedAt: referral.submittedAt,
    answeredAt: referral.answeredAt,
    declineReason: referral.decline?.reason,
    exitOutcome: referral.exitOutcome,
    version,
  };
}

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

/** A case file's root item: the person's support, from acceptance to exit. Its id is its referral's. */
export const supportCase = z.strictObject({
  id,
  tenantId: id,
  referralId: id,
  orgId: id,
  referentId: id.optional(),
  phase: z.enum(casePhases.codes),
  acceptedAt: isoDateTime,
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

export const barrierScoreStages = ['entry', 'renewal', 'exit'] as const;
export const barrierScores = z.strictObject({
  caseId: id,
  stage: z.enum(barrierScoreStages),
  scoredOn: enteredDate,
  scores: z.partialRecord(z.enum(barrierDomains.codes), z.int().min(0).max(3)),
  /** The diagnostic's notes: free text, sealed with the structure's key in the table. */
  notes: longText.optional(),
});
export type BarrierScores = z.infer<typeof barrierScores>;

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

export const appointment = z.strictObject({
  id,
  caseId: id,
  /** When it is planned, as an instant; shown in the structure's time zone. */
  at: enteredDateTime,
  durationMinutes: z.int().min(5).max(600),
  kind: z.enum(contactKinds.codes),
  plannedBy: id,
  attendance: z.enum(attendances.codes).optional(),
  attendanceRecordedAt: isoDateTime.optional(),
});
export type Appointment = z.infer<typeof appointment>;

/** One line of a case's access log: who read or changed the file, and when. Nothing personal. */
export const accessLogEntry = z.strictObject({
  caseId: id,
  userId: z.string().min(1),
  role: z.enum(roles.codes),
  action: z.string().min(1).max(60),
  at: isoDateTime,
});
export type AccessLogEntry = z.infer<typeof accessLogEntry>;

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;

/**
 * A deadline that has fallen, raised by the morning sweep. Its id is what it is about, its kind
 * and the day it fell on, so raising it twice writes it once.
 */
export const alert = z.strictObject({
  id: z.string().min(1),
  tenantId: id,
  subject: z.strictObject({ type: z.enum(['case', 'referral']), id }),
  kind: z.enum([
    'renewal-decision-due',
    'period-ending',
    'period-ended-no-decision',
    'maximum-duration-reached',
    'referral-unanswered',
    'referral-expired',
    'no-contact',
    'no-contract',
    'follow-up-after-exit',
  ]),
  dueOn: isoDate,
  /** The day the sweep raised it, in the structure's time zone (kept here too). */
  raisedOn: isoDate,
  raisedAt: isoDateTime,
  timeZone: z.string().min(1),
  /** Its référent; absent when the case has none (or for a referral): then it is the structure's. */
  recipientId: id.optional(),
  /** Set when it went to the structure-admin too (no référent, or open for 7 days). */
  escalatedAt: isoDateTime.optional(),
  status: z.enum(alertStatuses),
  acknowledgedAt: isoDateTime.optional(),
  acknowledgedBy: id.optional(),
  resolvedAt: isoDateTime.optional(),
  /** The person's first name and the case reference, for the digest: nothing more personal. */
  label: z.string().max(200),
});
export type Alert = z.infer<typeof alert>;
