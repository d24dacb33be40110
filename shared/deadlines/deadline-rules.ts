/**
 * The deadlines of the measure, as plain functions of a case or referral and its structure's
 * thresholds. Every date is a calendar date in the structure's time zone: a deadline "falls"
 * on a day, and the morning sweep of that day raises it.
 */

import { addDays, addMonths, dateIn, daysBetween } from '../common/dates.ts';
import type { CasePhase, ReferralStatus } from '../measure/vocabulary.ts';
import type { DeadlineSettings } from './deadline-settings.ts';

export const alertKinds = {
  'renewal-decision-due': 'Décision de renouvellement à prendre',
  'period-ending': 'Fin de période dans 7 jours',
  'period-ended-no-decision': 'Période terminée sans décision',
  'maximum-duration-reached': 'Durée maximale de 12 mois atteinte',
  'referral-unanswered': 'Prescription sans réponse',
  'referral-expired': 'Prescription expirée faute de réponse',
  'no-contact': 'Aucun contact depuis 14 jours',
  'no-contract': 'Pas de contrat 30 jours après l’acceptation',
  'follow-up-after-exit': 'Suivi à six mois après la sortie',
} as const;
export type AlertKind = keyof typeof alertKinds;

export interface Deadline {
  kind: AlertKind;
  /** The day it falls on, in the structure's time zone. */
  dueOn: string;
}

/** The deadlines a case has in its current state. */
/**
 * What a case's deadlines depend on: its phase and its dates, whatever else the case holds (a
 * support case is one). Declared here so the rules need nothing of the case's own module.
 */
export interface CaseTimeline {
  phase: CasePhase;
  acceptedAt: string;
  timeZone: string;
  lastContactOn?: string | undefined;
  contract?: { period1EndsOn: string } | undefined;
  renewal?:
    | { status: 'requested' | 'granted' | 'denied'; period2EndsOn?: string | undefined }
    | undefined;
  exit?: { date: string } | undefined;
}

export function caseDeadlines(supportCase: CaseTimeline, settings: DeadlineSettings): Deadline[] {
  const acceptedDay = dateIn(supportCase.timeZone, new Date(supportCase.acceptedAt));
  if (supportCase.phase === 'exited') {
    if (supportCase.exit === undefined) return [];
    return [
      {
        kind: 'follow-up-after-exit',
        dueOn: addMonths(supportCase.exit.date, settings.followUpMonthsAfterExit),
      },
    ];
  }
  const deadlines: Deadline[] = [
    {
      kind: 'no-contact',
      dueOn: addDays(supportCase.lastContactOn ?? acceptedDay, settings.silenceDays),
    },
  ];
  const { contract, renewal } = supportCase;
  if (supportCase.phase === 'intake' || contract === undefined) {
    deadlines.push({ kind: 'no-contract', dueOn: addDays(acceptedDay, settings.noContractDays) });
    return deadlines;
  }
  if (supportCase.phase === 'period-1') {
    const end = contract.period1EndsOn;
    const undecided = renewal === undefined || renewal.status === 'requested';
    if (undecided) {
      deadlines.push(
        { kind: 'renewal-decision-due', dueOn: addDays(end, -settings.renewalDecisionDaysBefore) },
        { kind: 'period-ended-no-decision', dueOn: addDays(end, 1) },
      );
    }
    deadlines.push({
      kind: 'period-ending',
      dueOn: addDays(end, -settings.periodEndingDaysBefore),
    });
    if (renewal?.status === 'denied') {
      deadlines.push({ kind: 'maximum-duration-reached', dueOn: addDays(end, 1) });
    }
    return deadlines;
  }
  const end = renewal?.period2EndsOn;
  if (end !== undefined) {
    deadlines.push(
      { kind: 'period-ending', dueOn: addDays(end, -settings.periodEndingDaysBefore) },
      { kind: 'maximum-duration-reached', dueOn: addDays(end, 1) },
    );
  }
  return deadlines;
}

/** The deadlines of a referral still waiting for an answer. */
export function referralDeadlines(
  referral: { status: ReferralStatus },
  submittedOn: string,
  settings: DeadlineSettings,
): Deadline[] {
  if (referral.status !== 'submitted') return [];
  return [
    { kind: 'referral-unanswered', dueOn: addDays(submittedOn, settings.referralUnansweredDays) },
    { kind: 'referral-expired', dueOn: addDays(submittedOn, settings.referralExpiryDays) },
  ];
}

/** The deadlines that have fallen by `today` (inclusive). */
export function fallen(deadlines: Deadline[], today: string): Deadline[] {
  return deadlines.filter((deadline) => deadline.dueOn <= today);
}

/**
 * The day the sweep must next look at this item: the earliest deadline from `today` on, or
 * undefined when nothing is ahead (the item then leaves the due-date index).
 */
export function nextDueOn(deadlines: Deadline[], today: string): string | undefined {
  // ISO dates sort as text: the first one is the earliest.
  return deadlines
    .map((deadline) => deadline.dueOn)
    .filter((dueOn) => dueOn >= today)
    .sort()[0];
}

/** Whether an open alert still has its cause: the same deadline is still there and has fallen. */
export function stillHolds(alert: Deadline, current: Deadline[], today: string): boolean {
  return current.some(
    (deadline) =>
      deadline.kind === alert.kind && deadline.dueOn === alert.dueOn && deadline.dueOn <= today,
  );
}

/** An alert open this many days goes to the structure-admin too. */
export const escalationDays = 7;

export function escalationDueOn(raisedOn: string): string {
  return addDays(raisedOn, escalationDays);
}

export function isEscalationDue(raisedOn: string, today: string): boolean {
  return daysBetween(raisedOn, today) >= escalationDays;
}
