/**
 * The morning sweep of deadlines. Each morning at 06:00 in a structure's time zone it reads that
 * zone's due-date index up to today (only what is due: its cost follows the due items, never the
 * number of cases) and, for each item, in one transaction conditional on what it read:
 * - a case raises its fallen deadlines as alerts and moves on to its next deadline;
 * - a referral unanswered for 10 days raises an alert; for 30, it expires and its prescriber
 *   sees it expired;
 * - an alert open for 7 days goes to the structure-admin too, or resolves if its cause is gone.
 * An alert's key is what it is about, its kind and its day, and an item leaves the index only in
 * the transaction that writes its alerts: a run stopped anywhere, run again, raises each alert
 * exactly once and misses none.
 */

import { alertId } from '../alerts/alert-id.ts';
import { isoDate, isoDateTime } from '../common/fields.ts';
import { parseOrRefuse } from '../common/validation.ts';
import { z } from '../common/zod.ts';
import { runInScope, systemScope } from '../data/scope.ts';
import type { AlertKind } from './deadline-rules.ts';
import { dueShards } from './due-index.ts';
import { type Outcome, type SweepDeps, sweepItem } from './sweep-items.ts';
import { type SweepMoment, type SweptDay, sweptDays } from './sweep-rules.ts';
import { queryDue, type StoredItem } from './sweep-store.ts';

const knownTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
};

export const sweepOptions = z.strictObject({
  /** Sweep this day (in each time zone): local runs. Absent: each zone's today. */
  date: isoDate.optional(),
  /** Only these time zones. Absent: those of the territories (at 06:xx, without a date). */
  timeZones: z.array(z.string().refine(knownTimeZone, 'fuseau horaire inconnu')).min(1).optional(),
  /** The instant whose 06:xx zones the hourly run sweeps (the schedule's time); now by default. */
  at: isoDateTime.optional(),
  /** Items per Query page. */
  pageSize: z.int().min(1).max(1_000).default(100),
  /** Stop after this many pages (to try a run stopped half-way). */
  stopAfterPages: z.int().min(1).optional(),
});
export type SweepOptions = z.input<typeof sweepOptions>;

export interface SweepReport {
  /** The days swept: each time zone with its date. */
  timeZones: SweptDay[];
  /** Items read from the due-date index. */
  itemsRead: number;
  /** Of those, the ones with something due (the others were index entries already moved on). */
  itemsDue: number;
  /** Alerts created (those with no référent go to the structure-admin at once: counted here only). */
  alertsRaised: number;
  /** Alerts open for 7 days sent to the structure-admin too. */
  alertsEscalated: number;
  /** Alerts whose cause went away. */
  alertsResolved: number;
  referralsExpired: number;
  /** Pages read from the due-date index (a Query each). */
  pages: number;
  /** Items whose processing failed: they stay in the index, for the next run. */
  itemsFailed: number;
  /** Alerts raised per structure (tenant id) and kind: ids and counts, nothing personal. */
  raisedByStructure: Record<string, Partial<Record<AlertKind, number>>>;
  /** False when `stopAfterPages` stopped the run before the end of the index. */
  complete: boolean;
}

/** Some items could not be swept (the others were); they stay due for the next run. */
export class SweepIncompleteError extends Error {
  override readonly name = 'SweepIncompleteError';
  constructor(
    readonly report: SweepReport,
    /** The sort keys of the items that failed: ids only. */
    readonly failedItems: string[],
    options?: ErrorOptions,
  ) {
    super(`the sweep could not process ${failedItems.length} item(s)`, options);
  }
}

/** Items of a page processed at once. */
const concurrency = 4;
/** `makeSweep(deps)(options)`: one run of the sweep, in the system scope. */
export function makeSweep(deps: SweepDeps) {
  return (options: SweepOptions = {}): Promise<SweepReport> => {
    const checked = parseOrRefuse(sweepOptions, options);
    return runInScope(systemScope('deadline sweep'), () => sweep(deps, checked));
  };
}

async function sweep(
  deps: SweepDeps,
  options: z.output<typeof sweepOptions>,
): Promise<SweepReport> {
  const now = deps.now();
  const days = sweptDays(options.at === undefined ? now : new Date(options.at), options);
  const report: SweepReport = {
    timeZones: days,
    itemsRead: 0,
    itemsDue: 0,
    alertsRaised: 0,
    alertsEscalated: 0,
    alertsResolved: 0,
    referralsExpired: 0,
    pages: 0,
    itemsFailed: 0,
    raisedByStructure: {},
    complete: true,
  };
  const failed: string[] = [];
  const errors: unknown[] = [];
  const stopped = () =>
    options.stopAfterPages !== undefined && report.pages >= options.stopAfterPages;

  for (const day of days) {
    const moment: SweepMoment = { today: day.date, at: now.toISOString(), alertId };
    for (let shard = 0; shard < dueShards; shard += 1) {
      let startKey: StoredItem | undefined;
      do {
        if (stopped()) {
          report.complete = false;
          return finish(report, failed, errors);
        }
        const page = await queryDue(
          deps,
          { timeZone: day.timeZone, shard },
          day.date,
          options.pageSize,
          startKey,
        );
        report.pages += 1;
        report.itemsRead += page.items.length;
        await inParallel(page.items, concurrency, async (item) => {
          try {
            record(report, await sweepItem(deps, item, moment));
          } catch (error: unknown) {
            report.itemsFailed += 1;
            failed.push(typeof item.SK === 'string' ? item.SK : '<no sort key>');
            errors.push(error);
          }
        });
        startKey = page.next;
      } while (startKey !== undefined);
    }
  }
  return finish(report, failed, errors);
}

function finish(report: SweepReport, failed: string[], errors: unknown[]): SweepReport {
  if (failed.length > 0) {
    throw new SweepIncompleteError(report, failed, { cause: new AggregateError(errors) });
  }
  return report;
}

function record(report: SweepReport, outcome: Outcome): void {
  if (outcome.due) report.itemsDue += 1;
  report.alertsRaised += outcome.raised.length;
  report.alertsResolved += outcome.resolved;
  report.alertsEscalated += outcome.escalated;
  if (outcome.expired) report.referralsExpired += 1;
  for (const raised of outcome.raised) {
    const counts = report.raisedByStructure[raised.tenantId] ?? {};
    counts[raised.kind] = (counts[raised.kind] ?? 0) + 1;
    report.raisedByStructure[raised.tenantId] = counts;
  }
}

/** Runs `fn` on every item, `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
