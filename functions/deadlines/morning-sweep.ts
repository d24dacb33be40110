/**
 * One run of the morning sweep: the zones where it is 06:xx at the scheduled time (or the
 * operator's day), then the day's digest to each user there with open alerts. Logs carry
 * counts and ids, never personal data; the counts go out as metrics (report-metrics.ts).
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { DigestReport, makeSendDigests } from '../../shared/alerts/digest.ts';
import { isoDate, isoDateTime } from '../../shared/common/fields.ts';
import { parseOrRefuse } from '../../shared/common/validation.ts';
import { z } from '../../shared/common/zod.ts';
import {
  type makeSweep,
  SweepIncompleteError,
  type SweepReport,
} from '../../shared/deadlines/sweep.ts';
import { logger } from '../../shared/logger.ts';
import { publishCounts, type ReportCounts } from '../middlewares/report-metrics.ts';

/** What the schedule (or an operator) sends. Other fields (an EventBridge rule's) are ignored. */
export const sweepEvent = z.looseObject({
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`. */
  scheduledTime: isoDateTime.optional(),
  /** An EventBridge rule's Scheduled Event carries its time here. */
  time: isoDateTime.optional(),
  /** An operator's catch-up: sweep this day, in `timeZones` or all of them. */
  date: isoDate.optional(),
  timeZones: z.array(z.string()).min(1).optional(),
});

/** The sweep's counts as metrics. */
export const sweepCounts: ReportCounts<SweepReport> = {
  TimeZonesSwept: (report) => report.timeZones.length,
  ItemsRead: (report) => report.itemsRead,
  ItemsDue: (report) => report.itemsDue,
  ItemsFailed: (report) => report.itemsFailed,
  AlertsRaised: (report) => report.alertsRaised,
  AlertsEscalated: (report) => report.alertsEscalated,
  AlertsResolved: (report) => report.alertsResolved,
  ReferralsExpired: (report) => report.referralsExpired,
  DueIndexPages: (report) => report.pages,
};

/** The report of what an incomplete sweep did: what was swept is counted. */
export function partialSweep(error: unknown): SweepReport | undefined {
  return error instanceof SweepIncompleteError ? error.report : undefined;
}

/** What a log line says of a run: its days and counts (tenant ids for the per-structure counts). */
function summary(report: SweepReport) {
  const { timeZones, raisedByStructure, ...counts } = report;
  return { days: timeZones, ...counts, raisedByStructure };
}

type SendDigests = ReturnType<typeof makeSendDigests>;
const digestCounts: ReportCounts<DigestReport> = {
  DigestsSent: (digests) => digests.sent.length,
  DigestsFailed: (digests) => digests.failed.length,
};

/** One run of the sweep for the scheduled time (or the operator's day). */
export function makeSweepOnce(sweep: ReturnType<typeof makeSweep>) {
  return async function sweepOnce(event: unknown): Promise<SweepReport> {
    const input = parseOrRefuse(sweepEvent, event ?? {});
    try {
      const report = await sweep({
        at: input.scheduledTime ?? input.time,
        date: input.date,
        timeZones: input.timeZones,
      });
      logger.info('Deadline sweep done', summary(report));
      return report;
    } catch (error: unknown) {
      if (error instanceof SweepIncompleteError) {
        // What was swept is counted (partialSweep); the items that failed stay due.
        logger.error('Deadline sweep incomplete', {
          ...summary(error.report),
          failedItems: error.failedItems,
        });
      }
      throw error;
    }
  };
}

/**
 * After the morning sweep of a zone, each user there with open alerts gets the day's e-mail:
 * a middleware, once the sweep has answered (and its counts are published, reportMetrics).
 */
export function digestsAfterSweep(
  sendDigests: SendDigests,
  metrics: Metrics,
): MiddlewareObj<unknown, SweepReport> {
  return {
    name: 'digestsAfterSweep',
    after: async (request) => {
      const report = request.response;
      if (report == null || report.timeZones.length === 0) return;
      const digests = await sendDigests(report.timeZones.map((swept) => swept.timeZone));
      publishCounts(metrics, digestCounts, digests);
      logger.info('Daily digest done', {
        structures: digests.structures,
        sent: digests.sent.length,
        alreadySent: digests.alreadySent,
        failed: digests.failed,
      });
    },
  };
}
