/**
 * Sweeping one item of the due-date index: a case, a referral or an alert, decided on the item
 * as it is and written under a version condition, decided again on a fresh read when it moved.
 */

import { type Alert, alert, alertItem, alertKey } from '../alerts/alert.ts';
import { caseKey, type SupportCase, supportCase } from '../cases/case.ts';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
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
import { dueIndexKeys } from './due-index.ts';
import {
  deadlinesOfCase,
  deadlinesOfReferral,
  planCase,
  planEscalation,
  planReferral,
  type SweepMoment,
} from './sweep-rules.ts';
import { getFresh, listAlertsAbout, type StoredItem } from './sweep-store.ts';

/** A write stopped by a concurrent change is decided again on a fresh read, this many times. */
const maxAttempts = 3;

const dueIndex = tableDefinition.indexes.byDueDate;
const dueAttributes = [dueIndex.partitionKey, dueIndex.sortKey];

/** What sweeping one item did. */
export interface SweepDeps extends DataContext {
  now: () => Date;
}

export interface Outcome {
  due: boolean;
  raised: Alert[];
  resolved: number;
  escalated: number;
  expired: boolean;
}

export const nothingDone: Outcome = {
  due: false,
  raised: [],
  resolved: 0,
  escalated: 0,
  expired: false,
};

export function sweepItem(
  deps: SweepDeps,
  item: StoredItem,
  moment: SweepMoment,
): Promise<Outcome> {
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
