/**
 * The morning sweep of deadlines, invoked every hour on the hour by EventBridge Scheduler: each
 * run sweeps the time zones where it is 06:xx at the scheduled time. The schedule passes that
 * time as `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`, so a retried invocation sweeps
 * the same zones as the first attempt; an operator may invoke it with `date` and `timeZones`.
 * Logs and metrics carry counts and ids, never personal data.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import { type DigestReport, makeSendDigests } from '../../shared/alerts/digest.ts';
import { isoDate, isoDateTime } from '../../shared/common/fields.ts';
import { parseOrRefuse } from '../../shared/common/validation.ts';
import { z } from '../../shared/common/zod.ts';
import { loadConfig, loadMailFrom, loadPublicUrl } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { makeSweep, SweepIncompleteError, type SweepReport } from '../../shared/deadlines/sweep.ts';
import { logger } from '../../shared/logger.ts';
import { makeSesMailer } from '../../shared/mail/mailer.ts';

const config = loadConfig();
const metrics = new Metrics({ namespace: 'Appui', serviceName: 'deadlines' });
const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const sweep = makeSweep({ db, tableName: config.tableName, now: () => new Date() });
const sendDigests = makeSendDigests({
  db,
  tableName: config.tableName,
  now: () => new Date(),
  mailer: makeSesMailer({
    client: new SESv2Client({ region: config.region }),
    from: loadMailFrom(),
  }),
  publicUrl: loadPublicUrl(),
});

/** After the morning sweep of a zone, each user there with open alerts gets the day's e-mail. */
async function digestAfter(report: SweepReport): Promise<DigestReport> {
  const digests = await sendDigests(report.timeZones.map((swept) => swept.timeZone));
  metrics.addMetric('DigestsSent', MetricUnit.Count, digests.sent.length);
  metrics.addMetric('DigestsFailed', MetricUnit.Count, digests.failed.length);
  logger.info('Daily digest done', {
    structures: digests.structures,
    sent: digests.sent.length,
    alreadySent: digests.alreadySent,
    failed: digests.failed,
  });
  return digests;
}

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

function publish(report: SweepReport): void {
  const counts: [string, number][] = [
    ['TimeZonesSwept', report.timeZones.length],
    ['ItemsRead', report.itemsRead],
    ['ItemsDue', report.itemsDue],
    ['ItemsFailed', report.itemsFailed],
    ['AlertsRaised', report.alertsRaised],
    ['AlertsEscalated', report.alertsEscalated],
    ['AlertsResolved', report.alertsResolved],
    ['ReferralsExpired', report.referralsExpired],
    ['DueIndexPages', report.pages],
  ];
  for (const [name, value] of counts) metrics.addMetric(name, MetricUnit.Count, value);
}

/** What a log line says of a run: its days and counts (tenant ids for the per-structure counts). */
function summary(report: SweepReport) {
  const { timeZones, raisedByStructure, ...counts } = report;
  return { days: timeZones, ...counts, raisedByStructure };
}

/** One run of the sweep for the scheduled time (or the operator's day). */
export async function sweepOnce(event: unknown): Promise<SweepReport> {
  const input = parseOrRefuse(sweepEvent, event ?? {});
  try {
    const report = await sweep({
      at: input.scheduledTime ?? input.time,
      date: input.date,
      timeZones: input.timeZones,
    });
    publish(report);
    logger.info('Deadline sweep done', summary(report));
    if (report.timeZones.length > 0) await digestAfter(report);
    return report;
  } catch (error: unknown) {
    if (error instanceof SweepIncompleteError) {
      // What was swept is counted; the items that failed stay due, for the next run.
      publish(error.report);
      logger.error('Deadline sweep incomplete', {
        ...summary(error.report),
        failedItems: error.failedItems,
      });
    }
    throw error;
  }
}

export const handler = middy(sweepOnce)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
