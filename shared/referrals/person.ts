/** Who the person is and their situation: what the support needs to reach them, no more. */
import { email, enteredDate, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import { ValidationError } from '../errors.ts';
import { genders, minimumIncomes } from '../measure/vocabulary.ts';

export const person = z.strictObject({
  firstName: shortText,
  lastName: shortText,
  birthDate: enteredDate,
  gender: z.enum(genders.codes),
  phone: z
    .string()
    .regex(/^\+?[0-9 .]{8,20}$/, 'numéro de téléphone invalide')
    .optional(),
  email: email.optional(),
  postalCode: z.string().regex(/^\d{5}$/, 'code postal à 5 chiffres'),
  city: shortText,
});
export type Person = z.infer<typeof person>;

export const situation = z.strictObject({
  minimumIncome: z.enum(minimumIncomes.codes),
  registeredWithFranceTravail: z.boolean(),
});

/** The ages a supported person may have: adults and young people from 16, up to 100. */
export const supportedAges = { min: 16, max: 100 } as const;

/** Full years from `birthDate` to `today` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Refuses a birth date giving an age outside 16–100 on `today`: a date of today, of tomorrow,
 * of 1900 or of 2100 is a typing slip, not a person the measure supports. 422 naming `field`.
 */
export function refuseImplausibleBirthDate(birthDate: string, today: string, field: string): void {
  const age = ageOn(birthDate, today);
  if (age < supportedAges.min || age > supportedAges.max) {
    throw new ValidationError([
      {
        name: field,
        reason: `date de naissance invraisemblable : l’âge doit être de ${supportedAges.min} à ${supportedAges.max} ans`,
      },
    ]);
  }
}
