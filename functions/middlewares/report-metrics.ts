/**
 * A scheduled job's counts as metrics, in one place for every job: the job answers with a
 * report, and this middleware publishes the counts read from it — also when the job stopped
 * partway, from the report its error carries of what was done.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

/** The counts a report publishes: metric name → how to read it from the report. */
export type ReportCounts<R> = Record<string, (report: R) => number>;

/** Adds each count of `report` to the metrics (they go out with the next flush). */
export function publishCounts<R>(metrics: Metrics, counts: ReportCounts<R>, report: R): void {
  for (const [name, count] of Object.entries(counts)) {
    metrics.addMetric(name, MetricUnit.Count, count(report));
  }
}

/**
 * Publishes the counts of the job's report. `partialReport` finds, in an error, the report of
 * what was done before it. Use it after `logMetrics`, so that the counts are added before the
 * metrics are flushed (middy runs `after` and `onError` in reverse order).
 */
export function reportMetrics<R>(
  metrics: Metrics,
  counts: ReportCounts<R>,
  partialReport: (error: unknown) => R | undefined,
): MiddlewareObj<unknown, R> {
  return {
    name: 'reportMetrics',
    after: (request) => {
      if (request.response != null) publishCounts(metrics, counts, request.response);
    },
    onError: (request) => {
      const report = partialReport(request.error);
      if (report !== undefined) publishCounts(metrics, counts, report);
    },
  };
}
