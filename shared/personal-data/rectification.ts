/**
 * Rectification (RGPD art. 16): any field of the person's identity and situation can be
 * corrected; the case's history keeps what it held before, for the structure only, until
 * retention erases the support. One pure function decides what a correction changes.
 */

import type { SupportCase } from '../cases/case.ts';
import { id, isoDateTime } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import { roles } from '../measure/vocabulary.ts';
import { type Person, person, situation } from '../referrals/person.ts';

type Situation = SupportCase['situation'];

/** The fields a rectification may touch, by their dotted path in the case. */
export const rectifiableFields = [
  'person.firstName',
  'person.lastName',
  'person.birthDate',
  'person.gender',
  'person.phone',
  'person.email',
  'person.postalCode',
  'person.city',
  'situation.minimumIncome',
  'situation.registeredWithFranceTravail',
] as const;
export type RectifiableField = (typeof rectifiableFields)[number];

/** French labels of the fields, for the history and the export. */
export const rectifiableFieldLabels: Record<RectifiableField, string> = {
  'person.firstName': 'Prénom',
  'person.lastName': 'Nom',
  'person.birthDate': 'Date de naissance',
  'person.gender': 'Genre',
  'person.phone': 'Téléphone',
  'person.email': 'Adresse électronique',
  'person.postalCode': 'Code postal',
  'person.city': 'Commune',
  'situation.minimumIncome': 'Minimum social perçu',
  'situation.registeredWithFranceTravail': 'Inscrite à France Travail',
};

const value = z.union([z.string(), z.boolean()]);

/** One field a rectification changed: what it held, what it holds (absent: it was or is empty). */
export const fieldChange = z.strictObject({
  field: z.enum(rectifiableFields),
  previous: value.optional(),
  next: value.optional(),
});
export type FieldChange = z.infer<typeof fieldChange>;

/**
 * What a structure sends to correct a person's data: only the fields to change, with the reason
 * (the person's request, a document seen…). `null` erases an optional contact detail.
 */
export const rectificationInput = z.strictObject({
  person: person
    .partial()
    .extend({
      phone: person.shape.phone.unwrap().nullable().optional(),
      email: person.shape.email.unwrap().nullable().optional(),
    })
    .optional(),
  situation: situation.partial().optional(),
  reason: z.string().trim().min(1).max(4_000),
});
export type RectificationInput = z.infer<typeof rectificationInput>;

export interface Rectified {
  person: Person;
  situation: Situation;
  changes: FieldChange[];
}

/**
 * The person and situation after `input`, and the fields that really change (a value sent equal
 * to the current one is no change). An empty `changes` means there is nothing to correct.
 */
export function rectify(
  current: { person: Person; situation: Situation },
  input: RectificationInput,
): Rectified {
  const nextPerson: Person = { ...current.person };
  const nextSituation: Situation = { ...current.situation };
  const changes: FieldChange[] = [];

  const personInput = input.person ?? {};
  for (const key of Object.keys(personInput) as (keyof typeof personInput)[]) {
    const sent = personInput[key];
    if (sent === undefined) continue;
    const previous = current.person[key];
    const next = sent === null ? undefined : sent;
    if (previous === next) continue;
    changes.push(change(`person.${key}`, previous, next));
    if (next === undefined) delete nextPerson[key as 'phone' | 'email'];
    else Object.assign(nextPerson, { [key]: next });
  }

  const situationInput = input.situation ?? {};
  for (const key of Object.keys(situationInput) as (keyof Situation)[]) {
    const sent = situationInput[key];
    if (sent === undefined || sent === current.situation[key]) continue;
    changes.push(change(`situation.${key}`, current.situation[key], sent));
    Object.assign(nextSituation, { [key]: sent });
  }

  // In the order of the form, whatever the order of the request's fields.
  changes.sort((a, b) => rectifiableFields.indexOf(a.field) - rectifiableFields.indexOf(b.field));
  return { person: nextPerson, situation: nextSituation, changes };
}

function change(
  field: RectifiableField,
  previous: string | boolean | undefined,
  next: string | boolean | undefined,
): FieldChange {
  return {
    field,
    ...(previous === undefined ? {} : { previous }),
    ...(next === undefined ? {} : { next }),
  };
}

/** Whether a correction touches what the prescriber's follow-up shows (the person's name). */
export function touchesName(changes: readonly FieldChange[]): boolean {
  return changes.some(
    (changed) => changed.field === 'person.firstName' || changed.field === 'person.lastName',
  );
}

/** One line of a case's history: a correction, who made it, why, and what the fields held. */
export const caseHistoryEntry = z.strictObject({
  id,
  caseId: id,
  at: isoDateTime,
  by: id,
  role: z.enum(roles.codes),
  kind: z.literal('rectification'),
  reason: z.string().min(1).max(4_000),
  changes: z.array(fieldChange).min(1),
});
export type CaseHistoryEntry = z.infer<typeof caseHistoryEntry>;
