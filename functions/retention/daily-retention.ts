/**
 * One run of retention: erases the personal data whose period has run out
 * (shared/retention/retention.ts). Logs carry ids, kinds, dates and counts, never personal
 * data; the counts go out as metrics (report-metrics.ts).
 */

import { isoDate } from '../../shared/common/fields.ts';
import { parseOrRefuse } from '../../shared/common/validation.ts';
import { z } from '../../shared/common/zod.ts';
import { logger } from '../../shared/logger.ts';
import {
  type makeRetention,
  RetentionIncompleteError,
  type RetentionReport,
} from '../../shared/retention/retention.ts';
import type { ReportCounts } from '../middlewares/report-metrics.ts';

/** What the schedule (or an operator) sends; other fields (a scheduler's) are ignored. */
export const retentionEvent = z.looseObject({
  date: isoDate.optional(),
  dryRun: z.boolean().optional(),
});

/** What was erased: nothing on a dry run. */
const erased = (report: RetentionReport) => (report.dryRun ? [] : report.erasures);

/** Retention's counts as metrics. */
export const retentionCounts: ReportCounts<RetentionReport> = {
  CasesErased: (report) => erased(report).filter((erasure) => erasure.kind === 'case').length,
  ReferralsErased: (report) =>
    erased(report).filter((erasure) => erasure.kind === 'referral').length,
  ItemsErased: (report) => erased(report).reduce((sum, erasure) => sum + erasure.items, 0),
  ErasuresFailed: (report) => report.failed.length,
  PurgeIndexPages: (report) => report.pages,
};

/** The report of what an incomplete run did: what was erased is counted. */
export function partialRetention(error: unknown): RetentionReport | undefined {
  return error instanceof RetentionIncompleteError ? error.report : undefined;
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

export function makeRetainOnce(retain: ReturnType<typeof makeRetention>) {
  return async function retainOnce(event: unknown): Promise<RetentionReport> {
    const input = parseOrRefuse(retentionEvent, event ?? {});
    try {
      const report = await retain({ date: input.date, dryRun: input.dryRun ?? false });
      log(report);
      return report;
    } catch (error: unknown) {
      if (error instanceof RetentionIncompleteError) {
        // What was erased is counted (partialRetention); what failed stays for the next run.
        log(error.report);
        logger.error('Retention incomplete', { failed: error.report.failed });
      }
      throw error;
    }
  };
}
