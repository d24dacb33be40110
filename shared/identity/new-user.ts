import { email } from '../common/fields.ts';
/** A new user as a platform-admin or a structure-admin enters them, and the one refusal of a taken address. */
import { z } from '../common/zod.ts';
import { ConflictError } from '../errors.ts';
import { user } from './user.ts';

/** The same answer whether the table or the identity provider knows the address already. */
export function emailTaken(options?: ErrorOptions): ConflictError {
  return new ConflictError(
    'Un compte Appui existe déjà avec cette adresse e-mail : choisissez-en une autre.',
    options,
  );
}

/** An e-mail address as Appui keeps it: trimmed and lower-case, so one address is one account. */
export const emailAddress = z.string().trim().toLowerCase().pipe(email);

/** The first user of a structure or organisation, or a new member of a team. */
export const newUserInput = z.strictObject({
  email: emailAddress,
  firstName: user.shape.firstName,
  lastName: user.shape.lastName,
});
