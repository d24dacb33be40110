import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isMomentaryFailure, retryAfterSeconds } from '../data/momentary-failure.ts';
import { AppError, type ErrorStatus, type InvalidField, ValidationError } from '../errors.ts';
import { describeError, logger } from '../logger.ts';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: ErrorStatus | 500;
  detail?: string;
  instance?: string;
  invalidFields?: InvalidField[];
}

export const problemContentType = 'application/problem+json';

/** Turns anything thrown into a problem; only errors we named expose their message. */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof ValidationError) {
    return {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.message,
      instance,
      invalidFields: error.invalidFields,
    };
  }
  if (error instanceof AppError) {
    return {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.message,
      instance,
    };
  }
  if (error instanceof HTTPException && isErrorStatus(error.status)) {
    return {
      type: 'about:blank',
      title: error.message || 'Requête refusée',
      status: error.status,
      instance,
    };
  }
  if (isMomentaryFailure(error)) {
    return {
      type: 'about:blank',
      title: 'Service momentanément indisponible',
      status: 503,
      detail:
        'La base de données ne répond pas pour l’instant : l’opération n’a peut-être pas été enregistrée. Réessayez dans quelques secondes.',
      instance,
    };
  }
  return {
    type: 'about:blank',
    title: 'Erreur interne',
    status: 500,
    detail: 'Une erreur inattendue est survenue ; elle a été enregistrée.',
    instance,
  };
}

const errorStatuses: ReadonlySet<number> = new Set<ErrorStatus>([
  400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 503,
]);

function isErrorStatus(status: number): status is ErrorStatus {
  return errorStatuses.has(status);
}

/**
 * The headers of an answer with this status: a 503 says when to try again (RFC 9110 §10.2.3),
 * for the API's clients and the portal's pages alike.
 */
export function retryHeaders(status: number): Record<string, string> {
  return status === 503 ? { 'Retry-After': String(retryAfterSeconds) } : {};
}

/** Sends a problem document with its status and media type. */
export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status, {
    'content-type': problemContentType,
    ...retryHeaders(problem.status),
  });
}

/**
 * Hono `onError`: logs what is not the user's fault, answers problem+json. The log line holds the
 * path (ids only), the method and the error's name and stack frames: never its message, which may
 * quote the request, nor the request's body, query or headers.
 */
export function onError(error: unknown, c: Context): Response {
  const problem = toProblem(error, new URL(c.req.url).pathname);
  if (problem.status >= 500) {
    logger.error('request failed', {
      method: c.req.method,
      path: problem.instance,
      status: problem.status,
      error: describeError(error),
    });
  }
  return problemResponse(c, problem);
}

/** Hono `notFound`. */
export function notFound(c: Context): Response {
  return problemResponse(c, {
    type: 'about:blank',
    title: 'Introuvable',
    status: 404,
    detail: 'Aucune ressource à cette adresse.',
    instance: new URL(c.req.url).pathname,
  });
}
