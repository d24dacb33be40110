/**
 * The fields every entity is built from: ids, dates, texts, territory codes, SIRET. The API's
 * request schemas are built from these pieces too, so a field is defined once.
 */

import { isDepartementCode, isRegionCode } from '../measure/territory.ts';
import { z } from './zod.ts';

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
/** One line: a name, a city, a title (tabs and line breaks are for long texts only). */
export const shortText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((text) => !/[\t\n\r]/.test(text), 'une seule ligne : ni tabulation ni retour à la ligne');
export const longText = z.string().trim().min(1).max(4_000);

/**
 * An e-mail address within RFC 5321's limits: 64 characters before the `@`, 254 in all (what a
 * mail server, and Cognito, will take).
 */
export const email = z
  .email()
  .refine((address) => address.length <= 254, 'adresse trop longue (254 caractères au plus)')
  .refine(
    (address) => address.slice(0, address.lastIndexOf('@')).length <= 64,
    'partie avant « @ » trop longue (64 caractères au plus)',
  );

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
