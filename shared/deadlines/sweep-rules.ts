/**
 * What the morning sweep decides, as plain functions: which time zones it is 06:00 in, which
 * alerts a due case or referral raises, which it resolves, where the item goes next in the
 * due-date index, and whether an alert open for a week escalates or resolves itself.
 */

import type { Alert } from '../alerts/alert.ts';
import type { SupportCase } from '../cases/case.ts';
import { addDays, dateIn } from '../common/dates.ts';
import { regions } from '../measure/territory.ts';
import type { Referral } from '../referrals/referral.ts';
import {
  caseDeadlines,
  type Deadline,
  fallen,
  isEscalationDue,
  nextDueOn,
  referralDeadlines,
  stillHolds,
} from './deadline-rules.ts';
import { defaultDeadlineSettings } from './deadline-settings.ts';

/** The local hour of the morning sweep: a structure's alerts are ready when its day begins. */
export const sweepHour = 6;

/** Every time zone a structure can keep its deadlines in (those of the territories). */
export function sweptTimeZones(): string[] {
  return [...new Set(Object.values(regions).map((region) => region.timeZone))].sort();
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) it is at `instant` in `timeZone`. */
export function localHour(timeZone: string, instant: Date): number {
  let format = hourFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timeZone, format);
  }
  return Number(format.format(instant));
}

/** The time zones where it is 06:xx at `instant`: those the hourly run sweeps. */
export function timeZonesAt(instant: Date, timeZones: readonly string[] = sweptTimeZones()) {
  return timeZones.filter((timeZone) => localHour(timeZone, instant) === sweepHour);
}

/** A day to sweep: a time zone and the calendar date there. */
export interface SweptDay {
  timeZone: string;
  date: string;
}

/**
 * The days a run sweeps. A given date sweeps every zone asked (all by default) for that date;
 * zones asked without a date are swept for their own today; with neither, the hourly run sweeps
 * the zones where it is 06:xx, each for its own today, so no structure gets another day's alerts.
 */
export function sweptDays(
  instant: Date,
  options: { date?: string | undefined; timeZones?: readonly string[] | undefined },
): SweptDay[] {
  if (options.date !== undefined) {
    const { date } = options;
    return (options.timeZones ?? sweptTimeZones()).map((timeZone) => ({ timeZone, date }));
  }
  const timeZones = options.timeZones ?? timeZonesAt(instant);
  return timeZones.map((timeZone) => ({ timeZone, date: dateIn(timeZone, instant) }));
}

/** A short reference of a case (or of its referral: they share their id), for people to say. */
export function caseReference(id: string): string {
  return id.replaceAll('-', '').slice(-6).toUpperCase();
}

/** What an alert says of the person: the first name and the case reference, nothing more. */
export function alertLabel(firstName: string, subjectId: string): string {
  return `${firstName} · ${caseReference(subjectId)}`;
}

/**
 * When and how the sweep raises: its day (in the structure's time zone), its instant, and how an
 * alert's id is made from what it is about, its kind and the day it fell on (the storage's rule).
 */
export interface SweepMoment {
  today: string;
  at: string;
  alertId: (parts: Pick<Alert, 'subject' | 'kind' | 'dueOn'>) => string;
}

interface RaiseContext extends SweepMoment {
  tenantId: string;
  subject: Alert['subject'];
  timeZone: string;
  /** The référent; when there is none, the alert is the structure's from the start. */
  recipientId: string | undefined;
  label: string;
}

function raise(context: RaiseContext, deadline: Deadline): Alert {
  const { subject, recipientId, at } = context;
  return {
    id: context.alertId({ subject, kind: deadline.kind, dueOn: deadline.dueOn }),
    tenantId: context.tenantId,
    subject,
    kind: deadline.kind,
    dueOn: deadline.dueOn,
    raisedOn: context.today,
    raisedAt: at,
    timeZone: context.timeZone,
    recipientId,
    // With no référent, it goes to the structure-admin at once.
    escalatedAt: recipientId === undefined ? at : undefined,
    status: 'open',
    label: context.label,
  };
}

const sameDeadline = (alert: Alert, deadline: Deadline) =>
  alert.kind === deadline.kind && alert.dueOn === deadline.dueOn;

/** What the sweep does with a due item. */
export interface SweepPlan {
  /** Whether something had fallen by today (an item read for nothing is a stale index entry). */
  due: boolean;
  /** Alerts to create (each once: those already there, whatever their status, are left alone). */
  raise: Alert[];
  /** Open or acknowledged alerts whose cause went away. */
  resolve: Alert[];
  /** The day the sweep looks at the item again; undefined: it leaves the due-date index. */
  nextDueOn: string | undefined;
}

function notResolved(alert: Alert): boolean {
  return alert.status !== 'resolved';
}

/**
 * A case on its due day: every fallen deadline not yet raised becomes an alert for its référent,
 * alerts it no longer deserves resolve, and it waits in the index for its next deadline.
 */
export function planCase(
  supportCase: SupportCase,
  existing: readonly Alert[],
  moment: SweepMoment,
): SweepPlan {
  const deadlines = deadlinesOfCase(supportCase);
  const { today } = moment;
  const due = fallen(deadlines, today);
  const context: RaiseContext = {
    ...moment,
    tenantId: supportCase.tenantId,
    subject: { type: 'case', id: supportCase.id },
    timeZone: supportCase.timeZone,
    recipientId: supportCase.referentId,
    label: alertLabel(supportCase.person.firstName, supportCase.id),
  };
  return {
    due: due.length > 0,
    raise: due
      .filter((deadline) => !existing.some((alert) => sameDeadline(alert, deadline)))
      .map((deadline) => raise(context, deadline)),
    resolve: existing.filter((alert) => notResolved(alert) && !stillHolds(alert, deadlines, today)),
    nextDueOn: nextDueOn(deadlines, addDays(today, 1)),
  };
}

export interface ReferralPlan extends SweepPlan {
  /** Unanswered for the expiry delay: the referral expires and its prescriber is told. */
  expire: boolean;
}

/**
 * A referral on its due day: unanswered after 10 days, an alert for the structure; after 30, it
 * expires (its alert is raised, the "unanswered" one resolves: it has its answer).
 */
export function planReferral(
  referral: Referral,
  existing: readonly Alert[],
  moment: SweepMoment,
): ReferralPlan {
  const deadlines = deadlinesOfReferral(referral);
  const { today } = moment;
  const due = fallen(deadlines, today);
  const context: RaiseContext = {
    ...moment,
    tenantId: referral.tenantId,
    subject: { type: 'referral', id: referral.id },
    timeZone: referral.timeZone,
    // A referral is the structure's: nobody is its référent yet.
    recipientId: undefined,
    label: alertLabel(referral.person.firstName, referral.id),
  };
  const expiry = due.find((deadline) => deadline.kind === 'referral-expired');
  if (expiry !== undefined) {
    return {
      due: true,
      expire: true,
      // Once expired, being unanswered is moot: a late sweep does not raise it after the fact.
      raise: existing.some((alert) => sameDeadline(alert, expiry)) ? [] : [raise(context, expiry)],
      resolve: existing.filter((alert) => notResolved(alert) && !sameDeadline(alert, expiry)),
      nextDueOn: undefined,
    };
  }
  return {
    due: due.length > 0,
    expire: false,
    raise: due
      .filter((deadline) => !existing.some((alert) => sameDeadline(alert, deadline)))
      .map((deadline) => raise(context, deadline)),
    resolve: existing.filter((alert) => notResolved(alert) && !stillHolds(alert, deadlines, today)),
    nextDueOn: nextDueOn(deadlines, addDays(today, 1)),
  };
}

/**
 * An alert on its escalation day: still open and still deserved, it goes to the structure-admin
 * too; its cause gone (the subject changed, or is gone), it resolves instead. `current` is what
 * the subject's deadlines are now, undefined when the subject no longer exists.
 */
export function planEscalation(
  alert: Alert,
  current: Deadline[] | undefined,
  today: string,
): 'escalate' | 'resolve' | 'nothing' {
  if (alert.status !== 'open' || alert.escalatedAt !== undefined) return 'nothing';
  if (current === undefined || !stillHolds(alert, current, today)) return 'resolve';
  return isEscalationDue(alert.raisedOn, today) ? 'escalate' : 'nothing';
}

/** The current deadlines of a case, with its structure's thresholds. */
export function deadlinesOfCase(supportCase: SupportCase): Deadline[] {
  return caseDeadlines(supportCase, supportCase.deadlines ?? defaultDeadlineSettings);
}

/** The current deadlines of a referral, with its structure's thresholds. */
export function deadlinesOfReferral(referral: Referral): Deadline[] {
  return referralDeadlines(
    referral,
    dateIn(referral.timeZone, new Date(referral.submittedAt)),
    referral.deadlines ?? defaultDeadlineSettings,
  );
}
