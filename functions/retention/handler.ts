/**
 * Retention, once a day (EventBridge Scheduler): erases the personal data whose period has run
 * out (shared/retention/retention.ts). An operator may invoke it with `{"date": "2029-01-01"}` or
 * `{"dryRun": true}`. Logs and metrics carry ids, kinds, dates and counts, never personal data.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { isoDate } from '../../shared/common/fields.ts';
import { parseOrRefuse } from '../../shared/common/validation.ts';
import { z } from '../../shared/common/zod.ts';
import { loadConfig } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { logger } from '../../shared/logger.ts';
import {
  makeRetention,
  RetentionIncompleteError,
  type RetentionReport,
} from '../../shared/retention/retention.ts';
import { defaultSettings } from '../../shared/use-case.ts';

const config = loadConfig();
const metrics = new Metrics({ namespace: 'Appui', serviceName: 'retention' });
const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const retain = makeRetention({
  db,
  tableName: config.tableName,
  now: () => new Date(),
  settings: defaultSettings,
});

/** What the schedule (or an operator) sends; other fields (a scheduler's) are ignored. */
export const retentionEvent = z.looseObject({
  date: isoDate.optional(),
  dryRun: z.boolean().optional(),
});

function publish(report: RetentionReport): void {
  const erased = report.dryRun ? [] : report.erasures;
  const counts: [string, number][] = [
    ['CasesErased', erased.filter((erasure) => erasure.kind === 'case').length],
    ['ReferralsErased', erased.filter((erasure) => erasure.kind === 'referral').length],
    ['ItemsErased', erased.reduce((sum, erasure) => sum + erasure.items, 0)],
    ['ErasuresFailed', report.failed.length],
    ['PurgeIndexPages', report.pages],
  ];
  for (const [name, value] of counts) metrics.addMetric(name, MetricUnit.Count, value);
}

/** One line per support erased (kind, ids and counts only), then one for the run. */
function log(report: RetentionReport): void {
  for (const { kind, tenantId, id, items, transactions } of report.erasures) {
    logger.info(report.dryRun ? 'Would erase personal data' : 'Personal data erased', {
      kind,
      tenantId,
      id,
      items,
      transactions,
    });
  }
  const { erasures, ...counts } = report;
  logger.info('Retention done', { ...counts, erased: erasures.length });
}

export async function retainOnce(event: unknown): Promise<RetentionReport> {
  const input = parseOrRefuse(retentionEvent, event ?? {});
  try {
    const report = await retain({ date: input.date, dryRun: input.dryRun ?? false });
    publish(report);
    log(report);
    return report;
  } catch (error: unknown) {
    if (error instanceof RetentionIncompleteError) {
      // What was erased is counted; what failed stays in the index for the next run.
      publish(error.report);
      log(error.report);
      logger.error('Retention incomplete', { failed: error.report.failed });
    }
    throw error;
  }
}

export const handler = middy(retainOnce)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
