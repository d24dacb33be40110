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

import { type Alert, alert, alertItem, alertKey } from '../alerts/alert.ts';
import { alertId } from '../alerts/alert-id.ts';
import { caseKey, type SupportCase, supportCase } from '../cases/case.ts';
import { stripKeys } from '../cases/case-store.ts';
import { isoDate, isoDateTime } from '../common/fields.ts';
import { parseOrRefuse } from '../common/validation.ts';
import { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import { runInScope, systemScope } from '../data/scope.ts';
import { tableDefinition } from '../data/table.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import {
  inboxIndexKeys,
  type Referral,
  referral,
  referralKey,
  referralPurgeKeys,
} from '../referrals/referral.ts';
import { referralFollowUpKey } from '../referrals/referral-follow-up.ts';
import type { AlertKind } from './deadline-rules.ts';
import { dueIndexKeys, dueShards } from './due-index.ts';
import {
  deadlinesOfCase,
  deadlinesOfReferral,
  planCase,
  planEscalation,
  planReferral,
  type SweepMoment,
  type SweptDay,
  sweptDays,
} from './sweep-rules.ts';
import { getFresh, listAlertsAbout, queryDue, type StoredItem } from './sweep-store.ts';
export interface SweepDeps extends DataContext {
  now: () => Date;
}

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
/** A write stopped by a concurrent change is decided again on a fresh read, this many times. */
const maxAttempts = 3;

const dueIndex = tableDefinition.indexes.byDueDate;
const dueAttributes = [dueIndex.partitionKey, dueIndex.sortKey];

/** What sweeping one item did. */
interface Outcome {
  due: boolean;
  raised: Alert[];
  resolved: number;
  escalated: number;
  expired: boolean;
}

const nothingDone: Outcome = { due: false, raised: [], resolved: 0, escalated: 0, expired: false };

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

function sweepItem(deps: SweepDeps, item: StoredItem, moment: SweepMoment): Promise<Outcome> {
  switch (item.type) {
    case 'case':
      return sweepCase(deps, supportCase.parse(stripKeys(item)), moment);
    case 'referral':
      return sweepReferral(deps, referral.parse(stripKeys(item)), moment);
    case 'alert':
      return sweepAlert(deps, alert.parse(stripKeys(item)), moment);
    default:
      throw new TypeError(`an item of type "${String(item.type)}" is in the due-date index`);
  }
}

/**
 * Writes what `decide` makes of the item as read (the index's image, or a fresh read when there
 * is none) and, when a concurrent change stops the writes (their conditions are on what was
 * read), decides again on a fresh read.
 */
async function writeDecided<T>(
  deps: SweepDeps,
  image: T | undefined,
  reread: () => Promise<T | undefined>,
  decide: (current: T) => Promise<{ writes: Write[]; outcome: Outcome }>,
): Promise<Outcome> {
  let current = image ?? (await reread());
  for (let attempt = 1; current !== undefined; attempt += 1) {
    const { writes, outcome } = await decide(current);
    if (writes.length === 0) return outcome;
    try {
      await writeTogether(deps.db, deps.tableName, writes);
      return outcome;
    } catch (error: unknown) {
      if (!(error instanceof WritesStoppedError) || attempt >= maxAttempts) throw error;
    }
    current = await reread();
  }
  return nothingDone;
}

/** The index keys that put an item back in the due-date index on `dueOn`, or take it out. */
function moveDueKeys(
  timeZone: string,
  tenantId: string,
  sortKey: string,
  dueOn: string | undefined,
): { values: Record<string, unknown>; remove: string[] } {
  return dueOn === undefined
    ? { values: {}, remove: dueAttributes }
    : { values: dueIndexKeys(timeZone, tenantId, sortKey, dueOn), remove: [] };
}

function resolution(raised: Alert, at: string): Write {
  return { kind: 'put', item: alertItem({ ...raised, status: 'resolved', resolvedAt: at }) };
}

function sweepCase(deps: SweepDeps, image: SupportCase, moment: SweepMoment): Promise<Outcome> {
  const key = caseKey(image.tenantId, image.id);
  return writeDecided(
    deps,
    image,
    async () => {
      const fresh = await getFresh(deps, key);
      return fresh === undefined ? undefined : supportCase.parse(stripKeys(fresh));
    },
    async (current) => {
      const existing = await listAlertsAbout(deps, current.tenantId, {
        type: 'case',
        id: current.id,
      });
      const plan = planCase(current, existing, moment);
      const writes: Write[] = [
        // Only if the case is still the one read: a case write sets its own due keys.
        {
          kind: 'set',
          key,
          ...moveDueKeys(current.timeZone, current.tenantId, key.SK, plan.nextDueOn),
          where: { version: current.version },
        },
        ...plan.raise.map((raised): Write => ({ kind: 'create', item: alertItem(raised) })),
        ...plan.resolve.map((gone) => resolution(gone, moment.at)),
      ];
      return {
        writes,
        outcome: {
          due: plan.due,
          raised: plan.raise,
          resolved: plan.resolve.length,
          escalated: 0,
          expired: false,
        },
      };
    },
  );
}

function sweepReferral(deps: SweepDeps, image: Referral, moment: SweepMoment): Promise<Outcome> {
  const key = referralKey(image.tenantId, image.id);
  return writeDecided(
    deps,
    image,
    async () => {
      const fresh = await getFresh(deps, key);
      return fresh === undefined ? undefined : referral.parse(stripKeys(fresh));
    },
    async (current) => {
      const existing = await listAlertsAbout(deps, current.tenantId, {
        type: 'referral',
        id: current.id,
      });
      const plan = planReferral(current, existing, moment);
      const { at } = moment;
      const change: Write[] = plan.expire
        ? [
            // Still unanswered, or nothing happens: an answer that came first wins.
            {
              kind: 'set',
              key,
              values: {
                status: 'expired',
                answeredAt: at,
                ...inboxIndexKeys(current.tenantId, 'expired', current.submittedAt, current.id),
                // Retention erases it six months on.
                ...referralPurgeKeys({ ...current, status: 'expired', answeredAt: at }),
              },
              remove: dueAttributes,
              bumpVersion: true,
              where: { version: current.version, status: 'submitted' },
            },
            // The prescriber told: its follow-up shows the referral expired.
            {
              kind: 'set',
              key: referralFollowUpKey(current.orgId, current.id),
              values: { status: 'expired', answeredAt: at },
              bumpVersion: true,
            },
          ]
        : [
            {
              kind: 'set',
              key,
              ...moveDueKeys(current.timeZone, current.tenantId, key.SK, plan.nextDueOn),
              where: { version: current.version },
            },
          ];
      return {
        writes: [
          ...change,
          ...plan.raise.map((raised): Write => ({ kind: 'create', item: alertItem(raised) })),
          ...plan.resolve.map((gone) => resolution(gone, at)),
        ],
        outcome: {
          due: plan.due,
          raised: plan.raise,
          resolved: plan.resolve.length,
          escalated: 0,
          expired: plan.expire,
        },
      };
    },
  );
}

/** The deadlines of an alert's subject as it is now; undefined when it is gone. */
async function currentDeadlines(deps: SweepDeps, raised: Alert) {
  const { subject, tenantId } = raised;
  const key =
    subject.type === 'case' ? caseKey(tenantId, subject.id) : referralKey(tenantId, subject.id);
  const stored = await getFresh(deps, key);
  if (stored === undefined) return undefined;
  return subject.type === 'case'
    ? deadlinesOfCase(supportCase.parse(stripKeys(stored)))
    : deadlinesOfReferral(referral.parse(stripKeys(stored)));
}

function sweepAlert(deps: SweepDeps, image: Alert, moment: SweepMoment): Promise<Outcome> {
  const key = alertKey(image.tenantId, image.subject, image.kind, image.dueOn);
  return writeDecided(
    deps,
    // The index's image may be a step behind (acknowledged meanwhile): start from the item itself.
    undefined,
    async () => {
      const stored = await getFresh(deps, key);
      return stored === undefined ? undefined : { stored, alert: alert.parse(stripKeys(stored)) };
    },
    async ({ stored, alert: current }) => {
      const decision = planEscalation(current, await currentDeadlines(deps, current), moment.today);
      if (decision === 'resolve') {
        return {
          writes: [resolution(current, moment.at)],
          outcome: { ...nothingDone, due: true, resolved: 1 },
        };
      }
      if (decision === 'escalate') {
        return {
          writes: [
            {
              kind: 'set',
              key,
              values: { escalatedAt: moment.at },
              remove: dueAttributes,
              where: { status: 'open' },
            },
          ],
          outcome: { ...nothingDone, due: true, escalated: 1 },
        };
      }
      // Nothing due: an index entry out of step with the alert is put back where it belongs.
      const expected = alertItem(current);
      const inStep = dueAttributes.every((attribute) => stored[attribute] === expected[attribute]);
      if (inStep) return { writes: [], outcome: nothingDone };
      const values = Object.fromEntries(
        dueAttributes.flatMap((attribute) =>
          expected[attribute] === undefined ? [] : [[attribute, expected[attribute]]],
        ),
      );
      return {
        writes: [
          {
            kind: 'set',
            key,
            values,
            remove: dueAttributes.filter((attribute) => !(attribute in values)),
            where: { status: current.status },
          },
        ],
        outcome: nothingDone,
      };
    },
  );
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
