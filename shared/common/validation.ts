/**
 * The one way a schema's refusal becomes a `ValidationError`: each invalid field named by its
 * dotted path (an unknown field by its own name), one French reason each. The API's validation
 * hook, the use cases that check their input and the command-line tools all go through it.
 */
import type { ZodError, ZodType, z } from 'zod';
import { type InvalidField, ValidationError } from '../errors.ts';

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
  if (!result.success) throw validationErrorOf(result.error);
  refuseUnsafeText(result.data);
  return result.data;
}

/**
 * What no text Appui keeps may hold: NUL and the other control characters (C0 but tab, line feed
 * and carriage return, which short texts refuse on their own; DEL; C1), and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a text read
 * otherwise than it is stored. Lone surrogates are refused apart (`isWellFormed`).
 */
function isUnsafeCodePoint(code: number): boolean {
  const allowedControl = code === 0x09 || code === 0x0a || code === 0x0d;
  return (
    (code <= 0x1f && !allowedControl) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The reason a text cannot be kept, if any. */
function unsafeTextReason(text: string): string | undefined {
  if (!text.isWellFormed()) return 'texte mal formé (demi-caractère Unicode isolé)';
  if ([...text].some((character) => isUnsafeCodePoint(character.codePointAt(0) ?? 0))) {
    return 'caractère de contrôle ou de changement de sens d’écriture interdit';
  }
  return undefined;
}

/** Every text in `value` (a parsed input) that holds what no text may hold, by its dotted path. */
export function unsafeTextFields(value: unknown, prefix = ''): InvalidField[] {
  const found: InvalidField[] = [];
  const visit = (inner: unknown, path: string[]): void => {
    if (typeof inner === 'string') {
      const reason = unsafeTextReason(inner);
      if (reason !== undefined) found.push({ name: path.join('.') || '(données)', reason });
    } else if (Array.isArray(inner)) {
      for (const [index, item] of inner.entries()) visit(item, [...path, String(index)]);
    } else if (typeof inner === 'object' && inner !== null) {
      for (const [key, item] of Object.entries(inner)) visit(item, [...path, key]);
    }
  };
  visit(value, prefix === '' ? [] : [prefix]);
  return found;
}

/**
 * Refuses a parsed input any of whose texts holds a control character, a bidirectional override
 * or a lone surrogate: one check after every schema the API's routes, the portal's forms and the
 * use cases parse with, so that no field is left out.
 */
export function refuseUnsafeText(value: unknown, prefix = ''): void {
  const fields = unsafeTextFields(value, prefix);
  if (fields.length > 0) throw new ValidationError(fields);
}
