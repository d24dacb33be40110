/** Who the person is and their situation: what the support needs to reach them, no more. */
import { enteredDate, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
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
  email: z.email().optional(),
  postalCode: z.string().regex(/^\d{5}$/, 'code postal à 5 chiffres'),
  city: shortText,
});
export type Person = z.infer<typeof person>;

export const situation = z.strictObject({
  minimumIncome: z.enum(minimumIncomes.codes),
  registeredWithFranceTravail: z.boolean(),
});
