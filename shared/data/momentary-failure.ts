/**
 * DynamoDB's momentary failures, as they reach the code once the SDK's own retries are spent:
 * throttling, a 5xx, a timeout, a dropped connection. None is the caller's fault and none says
 * the data is wrong; the same request a few seconds later will likely pass. The problem mapper
 * (shared/http/problem.ts) answers them 503 with `Retry-After`, never 500.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** How long a caller is asked to wait before trying again, in seconds (`Retry-After`). */
export const retryAfterSeconds = 5;

/** Error names DynamoDB (and the SDK) use for a request that may pass if sent again later. */
const momentaryNames: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TransactionInProgressException',
  // A single write that met an item a transaction was writing at that moment.
  'TransactionConflictException',
  'ReplicatedWriteConflictException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node's codes for a connection that failed, was reset or timed out. */
const networkCodes: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** Cancellation codes of a transaction stopped by load, not by its conditions. */
const momentaryCancellations: ReadonlySet<string> = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

function fieldOf(error: object, name: string): unknown {
  const value: unknown = Reflect.get(error, name);
  return value;
}

/**
 * Whether `error` (or one of its causes) is a momentary failure of DynamoDB or of the way to
 * it. A refused condition, a validation error or a missing table is not: those are answers.
 */
export function isMomentaryFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    // Stopped by throttling on some item, with no condition failed on any.
    return (
      codes.some((code) => momentaryCancellations.has(code)) &&
      !codes.includes('ConditionalCheckFailed')
    );
  }
  if (momentaryNames.has(error.name)) return true;
  const code = fieldOf(error, 'code');
  if (typeof code === 'string' && networkCodes.has(code)) return true;
  const metadata = fieldOf(error, '$metadata');
  if (typeof metadata === 'object' && metadata !== null) {
    const status = fieldOf(metadata, 'httpStatusCode');
    if (typeof status === 'number' && (status === 429 || status >= 500)) return true;
  }
  if (fieldOf(error, '$retryable') !== undefined) return true;
  return isMomentaryFailure(error.cause, depth + 1);
}
