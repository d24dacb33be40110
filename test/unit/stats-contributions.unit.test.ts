import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageBandOn,
  type Counters,
  contributionsOf,
  counter,
  difference,
  type StatsContext,
} from '../../shared/stats/contributions.ts';
import { aCase, aReferral } from '../support/builders.ts';

const context: StatsContext = {
  timeZone: 'Indian/Reunion',
  conventionAmountPerSupportCents: 80_000,
  esfPercent: 70,
  statePercent: 30,
  prescriberKind: 'france-travail',
};

describe('age band at entry', () => {
  it('turns 26 on the birthday, and 51 on the next band', () => {
    expect(ageBandOn('2000-03-10', '2026-03-09')).toBe('under-26');
    expect(ageBandOn('2000-03-10', '2026-03-10')).toBe('26-50');
    expect(ageBandOn('1975-03-10', '2026-03-09')).toBe('26-50');
    expect(ageBandOn('1975-03-10', '2026-03-10')).toBe('over-50');
  });
});

describe('a support’s contribution', () => {
  it('counts a declined referral as received and answered, never as an entry', () => {
    const declined = aReferral({
      status: 'declined',
      answeredAt: '2026-01-08T09:00:00.000Z',
      decline: { reason: 'not-eligible', text: 'Hors critères.' },
    });
    const byPeriod = contributionsOf(
      { referral: declined, supportCase: undefined, barrierScores: [], journal: [] },
      context,
    );
    expect([...byPeriod.keys()].sort()).toEqual(['2026', '2026-01']);
    expect(byPeriod.get('2026-01')).toEqual({
      [counter.referralsReceived]: 1,
      [counter.referralsAnswered]: 1,
      [counter.referralAnswerDays]: 3,
      [counter.referralsDeclined]: 1,
    });
  });

  it('does not count a withdrawn referral as answered', () => {
    const withdrawn = aReferral({ status: 'withdrawn', answeredAt: '2026-01-08T09:00:00.000Z' });
    const byPeriod = contributionsOf(
      { referral: withdrawn, supportCase: undefined, barrierScores: [], journal: [] },
      context,
    );
    expect(byPeriod.get('2026')).toEqual({ [counter.referralsReceived]: 1 });
  });

  it('counts 0 days to a first contact dated before the referral, as docs/indicators.md says', async () => {
    const supportCase = aCase().signed('2026-01-12', '2026-07-11').build();
    const byPeriod = contributionsOf(
      {
        referral: aReferral({ status: 'accepted', answeredAt: '2026-01-10T09:00:00.000Z' }),
        supportCase,
        barrierScores: [],
        journal: [{ date: '2026-01-02', durationMinutes: 30 }],
      },
      context,
    );
    expect(byPeriod.get('2026-01')?.[counter.firstContacts]).toBe(1);
    expect(byPeriod.get('2026-01')?.[counter.firstContactDays]).toBeUndefined();
    const { readFile } = await import('node:fs/promises');
    const docs = await readFile(new URL('../../docs/indicators.md', import.meta.url), 'utf8');
    const row = docs.split('\n').find((line) => line.startsWith('| `firstContactDelay` |'));
    expect(row).toContain('compte 0 jour');
    expect(row).toContain('counts as 0 days');
  });

  it('puts entry, contacts, renewal and exit in their own months, and the ledger', () => {
    const supportCase = {
      ...aCase().signed('2026-01-12', '2026-07-11').build(),
      renewal: {
        status: 'granted' as const,
        requestedAt: '2026-06-01T06:00:00.000Z',
        requestedBy: 'x',
        justification: 'j',
        decidedAt: '2026-06-02T21:00:00.000Z',
        decidedBy: 'y',
        period2EndsOn: '2027-01-11',
      },
      phase: 'exited' as const,
      exit: { date: '2026-09-30', outcome: 'durable-employment' as const },
    };
    const byPeriod = contributionsOf(
      {
        referral: aReferral({ status: 'accepted', answeredAt: '2026-01-10T09:00:00.000Z' }),
        supportCase,
        barrierScores: [
          {
            caseId: supportCase.id,
            stage: 'entry',
            scoredOn: '2026-01-12',
            scores: { housing: 3 },
          },
          { caseId: supportCase.id, stage: 'exit', scoredOn: '2026-09-30', scores: { housing: 1 } },
        ],
        journal: [
          { date: '2026-02-03', durationMinutes: 30 },
          { date: '2026-01-15', durationMinutes: 60 },
        ],
      },
      context,
    );
    expect(byPeriod.get('ALL')).toEqual({ 'entries@2026-01': 1, 'exits@2026-09': 1 });
    const january = byPeriod.get('2026-01') ?? {};
    expect(january[counter.entries]).toBe(1);
    expect(january[counter.entriesByBarrier('housing')]).toBe(1);
    expect(january[counter.entriesByBarrier('health')]).toBeUndefined();
    expect(january[counter.firstContactDays]).toBe(10);
    expect(january[counter.supportMinutes]).toBe(60);
    // Decided at 21:00 UTC on 2 June: already 3 June in La Réunion.
    expect(byPeriod.get('2026-06')?.[counter.renewalsGranted]).toBe(1);
    expect(byPeriod.get('2026-06')?.[counter.conventionEsfCents]).toBe(56_000);
    const september = byPeriod.get('2026-09') ?? {};
    expect(september[counter.exitsInsertion]).toBe(1);
    expect(september[counter.exitsRenewed]).toBe(1);
    expect(september[counter.exitDurationDays]).toBe(263);
    expect(september[counter.distanceSum('housing')]).toBe(2);
    const year = byPeriod.get('2026') ?? {};
    expect(year[counter.conventionSupports]).toBe(2);
    expect(year[counter.supportMinutes]).toBe(90);
    expect(year[counter.entriesByPrescriber('france-travail')]).toBe(1);
  });
});

describe('difference', () => {
  const counters = fc.dictionary(
    fc.constantFrom('a', 'b', 'c', 'd'),
    fc.integer({ min: -50, max: 50 }).filter((value) => value !== 0),
  );

  it('takes the counters from what was added to what should be', () => {
    fc.assert(
      fc.property(counters, counters, (before: Counters, after: Counters) => {
        const moved: Counters = { ...before };
        for (const [name, value] of Object.entries(difference(before, after))) {
          moved[name] = (moved[name] ?? 0) + value;
          if (moved[name] === 0) delete moved[name];
        }
        expect(moved).toEqual(after);
        expect(Object.values(difference(before, after))).not.toContain(0);
      }),
    );
  });
});
