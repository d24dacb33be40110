/**
 * The morning sweep of deadlines, invoked every hour on the hour by EventBridge Scheduler: each
 * run sweeps the time zones where it is 06:xx at the scheduled time. The schedule passes that
 * time as `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`, so a retried invocation sweeps
 * the same zones as the first attempt; an operator may invoke it with `date` and `timeZones`.
 * The run itself: morning-sweep.ts.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import { makeSendDigests } from '../../shared/alerts/digest.ts';
import { loadConfig, loadMailFrom, loadPublicUrl } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { makeSweep } from '../../shared/deadlines/sweep.ts';
import { logger } from '../../shared/logger.ts';
import { makeSesMailer } from '../../shared/mail/mailer.ts';
import { reportMetrics } from '../middlewares/report-metrics.ts';
import { digestsAfterSweep, makeSweepOnce, partialSweep, sweepCounts } from './morning-sweep.ts';

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

// Middy runs the `after` hooks last used first: the sweep's counts, then the digests.
export const handler = middy(makeSweepOnce(sweep))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(digestsAfterSweep(sendDigests, metrics))
  .use(reportMetrics(metrics, sweepCounts, partialSweep));
