import type { Context } from 'hono';
import type { ZodType, z } from 'zod';
import { refuseUnsafeText, validationErrorOf } from '../shared/common/validation.ts';

/**
 * A page's query string checked with the API's schema for the same list; the empty fields of a
 * filter form (“all statuses”) are left out. An invalid query is a 422, as in the API.
 */
export function queryOf<S extends ZodType>(c: Context, schema: S): z.output<S> {
  const query = Object.fromEntries(
    Object.entries(c.req.query()).filter(([, value]) => value.trim() !== ''),
  );
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationErrorOf(parsed.error, 'query');
  refuseUnsafeText(parsed.data, 'query');
  return parsed.data;
}

/** The link to the next page of a list, the filters kept. */
export function nextPageLink(c: Context, cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const url = new URL(c.req.url);
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
