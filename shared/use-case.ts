/**
 * What every use case is given: the data context, the clock and the platform settings, and the
 * verified caller. Use cases run inside the caller's scope (set by the API); the few that must
 * reach another partition widen it explicitly, after checking the caller may.
 */
import type { Principal } from './auth/principal.ts';
import { parseOrRefuse } from './common/validation.ts';
import { z } from './common/zod.ts';
import type { DataContext } from './data/context.ts';
import { currentScope, runInScope, widenScope } from './data/scope.ts';
import { NotFoundError } from './errors.ts';

/**
 * A use case checks its input on entry with this: a zod refusal becomes the `ValidationError`
 * (422, French, each field named) the API and the portal answer for their own checks, so a bad
 * call gets the same answer whichever doorway it came through.
 */
export { parseOrRefuse };

export interface Settings {
  /** How long an access-log line is kept (12 months by default). */
  accessLogRetentionDays: number;
  /** How long a create's answer is remembered for its Idempotency-Key. */
  idempotencyHours: number;
  /** A closed case is erased this long after the last contact with the person (CNIL: 2 years). */
  personalDataRetentionYears: number;
  /** A declined, withdrawn or expired referral is erased this long after it ended. */
  declinedReferralRetentionMonths: number;
}

export const defaultSettings: Settings = {
  accessLogRetentionDays: 365,
  idempotencyHours: 24,
  personalDataRetentionYears: 2,
  declinedReferralRetentionMonths: 6,
};

export interface UseCaseDeps extends DataContext {
  now: () => Date;
  settings: Settings;
}

export type StructureActor = Extract<Principal, { role: 'referent' | 'structure-admin' }>;
export type PrescriberActor = Extract<Principal, { role: 'prescriber' }>;
export type PlatformActor = Extract<Principal, { role: 'platform-admin' }>;

/** Runs `fn` with the current scope widened to `partitions`: for a reach the use case has checked. */
export function reaching<T>(partitions: string[], fn: () => Promise<T>): Promise<T> {
  const scope = currentScope();
  if (scope === undefined) throw new Error('a use case ran outside any scope');
  return runInScope(widenScope(scope, ...partitions), fn);
}

/** The same answer for "does not exist" and "not yours": never reveal that it exists. */
export function notFound(what: string): NotFoundError {
  return new NotFoundError(`${what} introuvable.`);
}

const ids = z.record(z.string(), z.uuid());

/** Checks that each id the use case is given (`{ caseId, referentId }`) is a uuid: 422 otherwise. */
export function checkIds(given: Record<string, string>): void {
  parseOrRefuse(ids, given);
}
