/**
 * What a posted form holds, and how it becomes the API's input: the same zod schema the API
 * checks, so a form refuses exactly what the API refuses, field by field, in French.
 */
import type { Context } from 'hono';
import type { ZodType, z } from 'zod';
import { unsafeTextFields, validationErrorOf } from '../shared/common/validation.ts';
import {
  type InvalidField,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../shared/errors.ts';

/** The fields of a posted form, each with every value it was sent (checkboxes repeat a name). */
export class FormValues {
  constructor(private readonly entries: ReadonlyMap<string, readonly string[]> = new Map()) {}

  /** The form's body, files ignored: a form of the portal never uploads one. */
  static async of(c: Context): Promise<FormValues> {
    const body = await c.req.parseBody({ all: true });
    const entries = new Map<string, string[]>();
    for (const [name, value] of Object.entries(body)) {
      const list = Array.isArray(value) ? value : [value];
      entries.set(
        name,
        list.filter((item): item is string => typeof item === 'string'),
      );
    }
    return new FormValues(entries);
  }

  /** Values to show in a form that was not posted yet. */
  static initial(values: Record<string, string | readonly string[]>): FormValues {
    return new FormValues(
      new Map(
        Object.entries(values).map(([name, value]) => [
          name,
          typeof value === 'string' ? [value] : value,
        ]),
      ),
    );
  }

  /** The field's value as sent ('' when absent). */
  get(name: string): string {
    return this.entries.get(name)?.[0] ?? '';
  }

  /** Every value sent under `name` (a group of checkboxes). */
  all(name: string): readonly string[] {
    return this.entries.get(name) ?? [];
  }

  /** Every field name sent. */
  names(): string[] {
    return [...this.entries.keys()];
  }
}

/** Trimmed text, or undefined when left empty (an optional field). */
export function optionalText(values: FormValues, name: string): string | undefined {
  const value = values.get(name).trim();
  return value === '' ? undefined : value;
}

/** A whole number typed in a field: NaN when it is not one (the schema says so), undefined when empty. */
export function integer(values: FormValues, name: string): number | undefined {
  const value = values.get(name).trim().replace(/\s/g, '');
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * A calendar date: `2026-11-22` as a date field sends it, or `22/11/2026` as people type it where
 * a browser shows a plain text field. Anything else is passed on for the schema to refuse.
 */
export function calendarDate(values: FormValues, name: string): string | undefined {
  const value = values.get(name).trim();
  if (value === '') return undefined;
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (french === null) return value;
  return `${french[3]}-${french[2]?.padStart(2, '0')}-${french[1]?.padStart(2, '0')}`;
}

/** Yes / no radios: `oui` → true, `non` → false, nothing chosen → undefined. */
export function yesNo(values: FormValues, name: string): boolean | undefined {
  const value = values.get(name);
  return value === 'oui' ? true : value === 'non' ? false : undefined;
}

/** One item per non-empty line of a text area. */
export function lines(values: FormValues, name: string): string[] {
  return values
    .get(name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: InvalidField[] };

/**
 * Checks `input` against the API's schema. Each refusal names its field by the schema's dotted
 * path, which is also the name of the form's field; an empty field is said to be missing.
 */
export function parseForm<S extends ZodType>(
  schema: S,
  input: unknown,
  values: FormValues,
): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) {
    return { ok: false, errors: friendlier(validationErrorOf(result.error).invalidFields, values) };
  }
  const unsafe = unsafeTextFields(result.data);
  return unsafe.length === 0 ? { ok: true, data: result.data } : { ok: false, errors: unsafe };
}

/** Zod's reasons, in words a person reads beside a field; a schema's own sentences are kept. */
export function friendlier(errors: readonly InvalidField[], values: FormValues): InvalidField[] {
  return errors.map(({ name, reason }) => {
    const field = name.replace(/\.\d+$/, '');
    const empty = values.all(field).every((value) => value.trim() === '');
    const generic = /^(Entrée invalide|Trop petit|Option invalide|date ISO invalide)/.test(reason);
    if (empty && generic) return { name, reason: 'ce champ est à renseigner' };
    if (/NaN/.test(reason)) return { name, reason: 'saisissez un nombre entier' };
    if (/date ISO invalide/.test(reason)) return { name, reason: 'date invalide (JJ/MM/AAAA)' };
    if (/^Option invalide/.test(reason))
      return { name, reason: 'choisissez une option de la liste' };
    if (/^Trop (grand|petit) : /.test(reason)) {
      return { name, reason: reason.replace(/^Trop (grand|petit) : /, '') };
    }
    return { name, reason };
  });
}

/**
 * The version of the record the form was drawn from (a hidden field), the portal's `If-Match`:
 * 428 when it is missing, 412 when it is not a version.
 */
export function formVersion(values: FormValues): number {
  const raw = values.get('version').trim();
  if (raw === '') {
    throw new PreconditionRequiredError(
      'Le formulaire ne dit pas quelle version du dossier il modifie : rechargez la page.',
    );
  }
  if (!/^\d{1,9}$/.test(raw)) {
    throw new PreconditionFailedError(
      'Le formulaire désigne une version inconnue : rechargez la page.',
    );
  }
  return Number(raw);
}
