/**
 * The payload pieces every feature uses: a path's identifier, a page of a list, the headers of a
 * write, a problem answer. Plain zod: the API names them in its OpenAPI document (openapi-kit.ts).
 */
import { id } from './fields.ts';
import { z } from './zod.ts';

/** A trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** How many items a page holds. */
export const limit = z.coerce.number().int().min(1).max(100).default(25);
/** Where the previous page stopped (opaque, signed). */
export const cursor = z.string().max(2_000).optional();

/** A page of `item`s, with the cursor of the next page when there is one. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), cursor: z.string().optional() });
}

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  invalidFields: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});

export const IdParam = z.object({ id });

export const PageQuery = z.strictObject({ limit, cursor });

export const IfMatchHeader = z.object({ 'if-match': z.string().optional() });

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8 à 100 caractères parmi lettres, chiffres, _ . : -')
    .optional(),
});
