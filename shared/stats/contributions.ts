/**
 * What one person's support adds to the statistics: a pure function of the referral, the case
 * file and the structure. The projector stores each contribution and moves the counters by the
 * difference when it changes, so the counters are always the sum of the current contributions:
 * a record seen twice, late or out of order changes nothing, and a corrected exit moves the
 * counts instead of adding to them. `npm run stats:rebuild` sums the same contributions afresh.
 */

import type { SupportCase } from '../cases/case.ts';
import { acceptedOn } from '../cases/case-rules.ts';
import type { BarrierScores } from '../cases/diagnostic/barrier-scores.ts';
import type { JournalEntry } from '../cases/journal/journal-entry.ts';
import { dateIn, daysBetween } from '../common/dates.ts';
import {
  barrierDomains,
  insertionOutcomes,
  positiveOutcomes,
  type prescriberKinds,
} from '../measure/vocabulary.ts';
import type { Referral } from '../referrals/referral.ts';

/** Counter name → value. Names are those of `counter` below; absent means zero. */
export type Counters = Record<string, number>;

/** The periods a contribution goes to: a month `2026-03`, a year `2026`, or the monthly ledger. */
export const ledgerPeriod = 'ALL';

/** Every counter name, built in one place so the projector and the read side agree. */
export const counter = {
  referralsReceived: 'referrals.received',
  referralsAccepted: 'referrals.accepted',
  referralsDeclined: 'referrals.declined',
  referralsAnswered: 'referrals.answered',
  referralAnswerDays: 'referrals.answerDays',
  entries: 'entries',
  entriesByGender: (gender: string) => `entries.gender.${gender}`,
  entriesByAge: (band: AgeBand) => `entries.age.${band}`,
  entriesByIncome: (income: string) => `entries.income.${income}`,
  entriesByPrescriber: (kind: string) => `entries.prescriber.${kind}`,
  entriesByBarrier: (domain: string) => `entries.barrier.${domain}`,
  entriesByPublic: (code: string) => `entries.public.${code}`,
  firstContacts: 'firstContact.count',
  firstContactDays: 'firstContact.days',
  exits: 'exits',
  exitsByOutcome: (outcome: string) => `exits.outcome.${outcome}`,
  exitsInsertion: 'exits.insertion',
  exitsPositive: 'exits.positive',
  exitsRenewed: 'exits.renewed',
  exitDurationDays: 'exits.durationDays',
  distanceSum: (domain: string) => `exits.distance.${domain}.sum`,
  distanceCount: (domain: string) => `exits.distance.${domain}.count`,
  supportMinutes: 'support.minutes',
  supportContacts: 'support.contacts',
  renewalsGranted: 'renewals.granted',
  conventionSupports: 'convention.supports',
  conventionCents: 'convention.cents',
  conventionEsfCents: 'convention.esfCents',
  conventionStateCents: 'convention.stateCents',
  /** The ledger's entries and exits of one month: people supported are read from them. */
  ledgerEntries: (month: string) => `entries@${month}`,
  ledgerExits: (month: string) => `exits@${month}`,
} as const;

export const ageBands = ['under-26', '26-50', 'over-50'] as const;
export type AgeBand = (typeof ageBands)[number];

/** Age in whole years on `on`, and its band: under 26, 26 to 50, over 50. */
export function ageBandOn(birthDate: string, on: string): AgeBand {
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (on.slice(5) < birthDate.slice(5)) age -= 1;
  if (age < 26) return 'under-26';
  if (age <= 50) return '26-50';
  return 'over-50';
}

/** What the structure and the prescriber's organisation bring to a person's figures. */
export interface StatsContext {
  timeZone: string;
  conventionAmountPerSupportCents: number;
  esfPercent: number;
  statePercent: number;
  /** The kind of the organisation that filed the referral; undefined when it is gone. */
  prescriberKind: (typeof prescriberKinds.codes)[number] | undefined;
}

/** One person's support as the statistics see it: the referral and, once accepted, the case file. */
export interface StatsSource {
  referral: Referral | undefined;
  supportCase: SupportCase | undefined;
  barrierScores: readonly BarrierScores[];
  journal: readonly Pick<JournalEntry, 'date' | 'durationMinutes'>[];
}

/** period → counters, with nothing zero in it. */
export type Contributions = Map<string, Counters>;

class Tally {
  readonly byPeriod: Contributions = new Map();

  /** Adds to the month of `date` and to its year. */
  add(date: string, name: string, value = 1): void {
    this.addTo(date.slice(0, 7), name, value);
    this.addTo(date.slice(0, 4), name, value);
  }

  addTo(period: string, name: string, value: number): void {
    if (value === 0) return;
    const counters = this.byPeriod.get(period) ?? {};
    const next = (counters[name] ?? 0) + value;
    if (next === 0) delete counters[name];
    else counters[name] = next;
    if (Object.keys(counters).length === 0) this.byPeriod.delete(period);
    else this.byPeriod.set(period, counters);
  }
}

export function contributionsOf(source: StatsSource, context: StatsContext): Contributions {
  const tally = new Tally();
  const { referral, supportCase } = source;
  const day = (instant: string) => dateIn(context.timeZone, new Date(instant));

  if (referral !== undefined) {
    const submittedOn = day(referral.submittedAt);
    tally.add(submittedOn, counter.referralsReceived);
    if (
      referral.answeredAt !== undefined &&
      (referral.status === 'accepted' || referral.status === 'declined')
    ) {
      const answeredOn = day(referral.answeredAt);
      tally.add(answeredOn, counter.referralsAnswered);
      tally.add(answeredOn, counter.referralAnswerDays, daysBetween(submittedOn, answeredOn));
      if (referral.status === 'declined') tally.add(answeredOn, counter.referralsDeclined);
      if (referral.status === 'accepted') tally.add(answeredOn, counter.referralsAccepted);
    }
  }
  if (supportCase === undefined) return tally.byPeriod;

  const enteredOn = acceptedOn(supportCase);
  const entryScores = source.barrierScores.find((scores) => scores.stage === 'entry');
  tally.add(enteredOn, counter.entries);
  tally.addTo(ledgerPeriod, counter.ledgerEntries(enteredOn.slice(0, 7)), 1);
  tally.add(enteredOn, counter.entriesByGender(supportCase.person.gender));
  tally.add(enteredOn, counter.entriesByAge(ageBandOn(supportCase.person.birthDate, enteredOn)));
  tally.add(enteredOn, counter.entriesByIncome(supportCase.situation.minimumIncome));
  tally.add(enteredOn, counter.entriesByPrescriber(context.prescriberKind ?? 'other'));
  for (const domain of barriersAtEntry(referral, entryScores)) {
    tally.add(enteredOn, counter.entriesByBarrier(domain));
  }
  for (const code of referral?.specificPublics ?? []) {
    tally.add(enteredOn, counter.entriesByPublic(code));
  }
  addConvention(tally, enteredOn, context);

  const firstContactOn = source.journal.reduce<string | undefined>(
    (first, entry) => (first === undefined || entry.date < first ? entry.date : first),
    undefined,
  );
  if (firstContactOn !== undefined && referral !== undefined) {
    tally.add(firstContactOn, counter.firstContacts);
    // A contact before the submission (journals older than the input bounds, or a submission on
    // the next day in the structure's time zone) counts 0 days: docs/indicators.md says so.
    tally.add(
      firstContactOn,
      counter.firstContactDays,
      Math.max(0, daysBetween(day(referral.submittedAt), firstContactOn)),
    );
  }
  for (const entry of source.journal) {
    tally.add(entry.date, counter.supportContacts);
    tally.add(entry.date, counter.supportMinutes, entry.durationMinutes);
  }

  const renewal = supportCase.renewal;
  const renewed = renewal?.status === 'granted' && renewal.decidedAt !== undefined;
  if (renewed && renewal.decidedAt !== undefined) {
    const grantedOn = day(renewal.decidedAt);
    tally.add(grantedOn, counter.renewalsGranted);
    addConvention(tally, grantedOn, context);
  }

  const exit = supportCase.exit;
  if (exit !== undefined) {
    tally.add(exit.date, counter.exits);
    tally.addTo(ledgerPeriod, counter.ledgerExits(exit.date.slice(0, 7)), 1);
    tally.add(exit.date, counter.exitsByOutcome(exit.outcome));
    if (insertionOutcomes.has(exit.outcome)) tally.add(exit.date, counter.exitsInsertion);
    if (positiveOutcomes.has(exit.outcome)) tally.add(exit.date, counter.exitsPositive);
    if (renewed) tally.add(exit.date, counter.exitsRenewed);
    tally.add(exit.date, counter.exitDurationDays, daysBetween(enteredOn, exit.date));
    const exitScores = source.barrierScores.find((scores) => scores.stage === 'exit');
    for (const domain of barrierDomains.codes) {
      const before = entryScores?.scores[domain];
      const after = exitScores?.scores[domain];
      if (before === undefined || after === undefined) continue;
      tally.add(exit.date, counter.distanceCount(domain));
      tally.add(exit.date, counter.distanceSum(domain), before - after);
    }
  }
  return tally.byPeriod;
}

/**
 * The barriers a person came with: those the entry diagnostic scored above 0 once it is done,
 * those the prescriber named until then.
 */
function barriersAtEntry(
  referral: Referral | undefined,
  entryScores: BarrierScores | undefined,
): string[] {
  if (entryScores !== undefined) {
    return barrierDomains.codes.filter((domain) => (entryScores.scores[domain] ?? 0) > 0);
  }
  return [...new Set(referral?.barriers ?? [])];
}

/** A six-month support funded by the convention: at entry, and again at a granted renewal. */
function addConvention(tally: Tally, on: string, context: StatsContext): void {
  const amount = context.conventionAmountPerSupportCents;
  tally.add(on, counter.conventionSupports);
  tally.add(on, counter.conventionCents, amount);
  tally.add(on, counter.conventionEsfCents, Math.round((amount * context.esfPercent) / 100));
  tally.add(on, counter.conventionStateCents, Math.round((amount * context.statePercent) / 100));
}

/** `after − before`, counter by counter, without zeros. */
export function difference(before: Counters | undefined, after: Counters | undefined): Counters {
  const delta: Counters = {};
  for (const [name, value] of Object.entries(after ?? {})) delta[name] = value;
  for (const [name, value] of Object.entries(before ?? {})) {
    const next = (delta[name] ?? 0) - value;
    if (next === 0) delete delta[name];
    else delta[name] = next;
  }
  return delta;
}

export function sameCounters(a: Counters | undefined, b: Counters | undefined): boolean {
  return Object.keys(difference(a, b)).length === 0;
}
