/**
 * The one way a schema's refusal becomes a `ValidationError`: each invalid field named by its
 * dotted path (an unknown field by its own name), one French reason each. The API's validation
 * hook, the use cases that check their input and the command-line tools all go through it.
 */
import type { ZodError, ZodType, z } from 'zod';
import { ValidationError } from '../errors.ts';

/** Every field zod refused, by its dotted path under `prefix`; `whole` names the input itself. */
export function validationErrorOf(
  error: ZodError,
  prefix = '',
  whole = '(données)',
): ValidationError {
  const reasons = new Map<string, string>();
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '');
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...path, key], reason: 'champ inconnu' }))
        : [{ path, reason: issue.message }];
    for (const field of fields) {
      const name = field.path.length === 0 ? whole : field.path.join('.');
      if (!reasons.has(name)) reasons.set(name, field.reason);
    }
  }
  return new ValidationError(
    [...reasons].map(([name, reason]) => ({ name, reason })),
    { cause: error },
  );
}

/** Parses `input`, or refuses it with a `ValidationError` naming each invalid field. */
export function parseOrRefuse<T extends ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationErrorOf(result.error);
}
