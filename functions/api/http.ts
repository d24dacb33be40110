/**
 * The API's plumbing shared by every resource: validation failures as 422 naming each field,
 * versions as ETag / If-Match, the caller's scope around each request, the rights table.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { refuseUnsafeText, validationErrorOf } from '../../shared/common/validation.ts';
import { PreconditionFailedError, PreconditionRequiredError } from '../../shared/errors.ts';

/** `@hono/zod-openapi`'s hook: a request that fails its schema is a 422 naming the fields. */
export function validationHook(
  result:
    | { success: true; data: unknown; target: string }
    | { success: false; error: ZodError; target: string },
): void {
  const prefix =
    result.target === 'json' ? '' : result.target === 'header' ? 'en-tête' : result.target;
  if (!result.success) throw validationErrorOf(result.error, prefix, '(corps)');
  // The texts a body carries; headers and query strings answer by their own rules (412, 400).
  if (result.target === 'json') refuseUnsafeText(result.data);
}

export {
  actorOf,
  allow,
  inCallerScope,
  limitBody,
  maxBodyBytes,
} from '../../shared/http/guards.ts';

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version the caller read, from `If-Match`: 428 when absent, 412 when it is not a version. */
export function ifMatchVersion(c: Context): number {
  const header = c.req.header('if-match');
  if (header === undefined || header.trim() === '') {
    throw new PreconditionRequiredError(
      'Indiquez dans If-Match la version lue (l’en-tête ETag de la lecture) : sans elle, une modification concurrente serait écrasée.',
    );
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (match === null) {
    throw new PreconditionFailedError('If-Match ne désigne aucune version de cette ressource.');
  }
  return Number(match[1]);
}
