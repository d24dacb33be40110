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

/** No credentials, or credentials that do not prove who is calling (expired, forged, inconsistent). */
export class UnauthorizedError extends AppError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Authentification requise';
}

/** The caller is known but their role or scope does not allow this operation. */
export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Accès refusé';
}

/** The target does not exist, or exists outside the caller's scope (never say which). */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Introuvable';
}

/** The request contradicts the current state of the target (second renewal, exit twice…). */
export class ConflictError extends AppError {
  override readonly name: string = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflit avec l’état actuel';
}

/** A case already closed: nothing more can be added to it. */
export class CaseClosedError extends ConflictError {
  override readonly name = 'CaseClosedError';
}

/** The measure allows one renewal, never a second. */
export class RenewalLimitError extends ConflictError {
  override readonly name = 'RenewalLimitError';
}

/** A referral already answered (accepted, declined, withdrawn, expired) cannot be answered again. */
export class ReferralAnsweredError extends ConflictError {
  override readonly name = 'ReferralAnsweredError';
}

/** The request is not readable (broken JSON, wrong media type). */
export class BadRequestError extends AppError {
  override readonly name = 'BadRequestError';
  readonly status = 400;
  readonly title = 'Requête illisible';
}

/** The body is larger than any legitimate request. */
export class PayloadTooLargeError extends AppError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly title = 'Requête trop volumineuse';
}

/** An update came without the version it read (`If-Match`). */
export class PreconditionRequiredError extends AppError {
  override readonly name = 'PreconditionRequiredError';
  readonly status = 428;
  readonly title = 'En-tête If-Match requis';
}

/** An update carried a version that is no longer the current one: someone changed it meanwhile. */
export class PreconditionFailedError extends AppError {
  override readonly name = 'PreconditionFailedError';
  readonly status = 412;
  readonly title = 'Version périmée';
}

/** A dependency the service needs (the database) does not answer. */
export class UnavailableError extends AppError {
  override readonly name = 'UnavailableError';
  readonly status = 503;
  readonly title = 'Service momentanément indisponible';
}

/**
 * A data access outside the scope its code declared, refused by the guard on the DynamoDB
 * client before anything was sent. A programming error, not the caller's: it is not an
 * `AppError`, so it answers as a 500 that says nothing. Its message names the command and
 * partition kinds only, never a key value that could be personal.
 */
export class ScopeViolationError extends Error {
  override readonly name = 'ScopeViolationError';
  constructor(
    /** The DynamoDB command refused, e.g. `GetItemCommand`. */
    readonly command: string,
    /** Why, redacted: scope description and partition kinds (`TENANT#<id>`), no personal data. */
    readonly reason: string,
  ) {
    super(`${command} refused by the scope guard: ${reason}`);
  }
}
