/**
 * The one way a portal form is handled: decode the posted fields into the API's input, check it
 * with the API's schema, run the use case; a refusal (the schema's or the use case's 422) draws
 * the form again with its errors and the values typed, anything else goes to the error page.
 */
import type { ZodType, z } from 'zod';
import { type InvalidField, ValidationError } from '../shared/errors.ts';
import { type FormValues, friendlier, parseForm } from './forms.ts';

export interface Submission<S extends ZodType, R> {
  values: FormValues;
  schema: S;
  /** The posted fields shaped as the API's JSON body. */
  input: unknown;
  run: (data: z.output<S>) => Promise<R>;
  /** The answer once done: a redirect (303). */
  done: (result: R) => Response | Promise<Response>;
  /** The form again, with what was refused (422). */
  refused: (errors: InvalidField[]) => Response | Promise<Response>;
}

export async function submit<S extends ZodType, R>(
  submission: Submission<S, R>,
): Promise<Response> {
  const parsed = parseForm(submission.schema, submission.input, submission.values);
  if (!parsed.ok) return submission.refused(parsed.errors);
  let result: R;
  try {
    result = await submission.run(parsed.data);
  } catch (error: unknown) {
    if (error instanceof ValidationError) {
      return submission.refused(friendlier(error.invalidFields, submission.values));
    }
    throw error;
  }
  return submission.done(result);
}
