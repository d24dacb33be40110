import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Which items of a cancelled transaction stopped it, by position in the request: those whose
 * condition failed, or that another transaction was writing at the same moment (either way the
 * caller's view is stale). Anything else (throttling, validation) is rethrown as it came.
 */
export function stoppedItems(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) throw error;
  const reasons = error.CancellationReasons ?? [];
  const stopped = reasons.flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict'
      ? [index]
      : [],
  );
  if (stopped.length === 0) throw error;
  return stopped;
}
