/**
 * The domain's named errors. Each carries the HTTP status it maps to, so that one mapper
 * (shared/http/problem.ts) can answer with problem+json; anything else is a 500 that leaks nothing.
 */
/** The statuses a named error may carry: a user's mistake, or an unavailable dependency. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503;

export abstract class AppError extends Error {
  abstract readonly status: ErrorStatus;
  /** A short, stable, human title (French: it is shown to users). */
  abstract readonly title: string;
}

export interface InvalidField {
  /** Dotted path of the field, e.g. `person.birthDate`. */
  name: string;
  reason: string;
}

/** The request names something malformed; nothing was written. */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  readonly status = 422;
  readonly title = 'Données invalides';
  constructor(
    readonly invalidFields: InvalidField[],
    options?: ErrorOptions,
  ) {
    super(invalidFields.map((field) => `${field.name}: ${field.reason}`).join('; '), options);
  }
}

/** The target does not exist, or exists outside the caller's scope (never say which). */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Introuvable';
}

/** The request contradicts the current state of the target (second renewal, exit twice…). */
export class ConflictError extends AppError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflit avec l’état actuel';
}

/** A dependency the service needs (the database) does not answer. */
export class UnavailableError extends AppError {
  override readonly name = 'UnavailableError';
  readonly status = 503;
  readonly title = 'Service momentanément indisponible';
}
