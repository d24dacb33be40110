/**
 * Retention, once a day (EventBridge Scheduler): erases the personal data whose period has run
 * out. An operator may invoke it with `{"date": "2029-01-01"}` or `{"dryRun": true}`. The run
 * itself: daily-retention.ts.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { logger } from '../../shared/logger.ts';
import { makeRetention } from '../../shared/retention/retention.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { reportMetrics } from '../middlewares/report-metrics.ts';
import { makeRetainOnce, partialRetention, retentionCounts } from './daily-retention.ts';

const config = loadConfig();
const metrics = new Metrics({ namespace: 'Appui', serviceName: 'retention' });
const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const retain = makeRetention({
  db,
  tableName: config.tableName,
  now: () => new Date(),
  settings: defaultSettings,
});

export const handler = middy(makeRetainOnce(retain))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(reportMetrics(metrics, retentionCounts, partialRetention));
