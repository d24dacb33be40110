import { describe, expect, it } from 'vitest';
import { count, frenchDate, sweepSummary } from '../../infra/local/sweep-summary.ts';
import type { SweepReport } from '../../shared/deadlines/sweep.ts';

const kaz = '0192f0a0-0000-7000-8000-000000000001';
const tremplin = '0192f0a0-0000-7000-8000-000000000002';

function aReport(overrides: Partial<SweepReport> = {}): SweepReport {
  return {
    timeZones: [
      { timeZone: 'Europe/Paris', date: '2027-03-01' },
      { timeZone: 'Indian/Reunion', date: '2027-03-01' },
    ],
    itemsRead: 5,
    itemsDue: 4,
    alertsRaised: 4,
    alertsEscalated: 1,
    alertsResolved: 0,
    referralsExpired: 1,
    pages: 8,
    itemsFailed: 0,
    raisedByStructure: {
      [tremplin]: { 'no-contact': 1 },
      [kaz]: { 'referral-expired': 1, 'no-contact': 2 },
    },
    complete: true,
    ...overrides,
  };
}

describe('the French summary of a sweep', () => {
  it('says what was read and raised, per structure and kind, in the kinds’ order', () => {
    const lines = sweepSummary(
      aReport(),
      new Map([
        [kaz, 'Association Kaz’Emploi'],
        [tremplin, 'Tremplin 93'],
      ]),
    );

    expect(lines).toEqual([
      'Balayage des échéances — lundi 1 mars 2027 (Europe/Paris, Indian/Reunion)',
      '  4 éléments échus sur 5 éléments lus dans l’index des échéances (8 pages)',
      '  4 alertes levées, 1 escaladée vers la direction, 0 résolue, 1 prescription expirée',
      '  Association Kaz’Emploi — 3 alertes :',
      '      1 × Prescription expirée faute de réponse',
      '      2 × Aucun contact depuis 14 jours',
      '  Tremplin 93 — 1 alerte :',
      '      1 × Aucun contact depuis 14 jours',
    ]);
  });

  it('names each zone’s own date when they differ, and says when the run stopped early', () => {
    const lines = sweepSummary(
      aReport({
        timeZones: [
          { timeZone: 'Indian/Reunion', date: '2027-03-01' },
          { timeZone: 'America/Cayenne', date: '2027-02-28' },
        ],
        complete: false,
        itemsFailed: 2,
        raisedByStructure: { [kaz]: { 'no-contact': 1 } },
      }),
      new Map(),
    );

    expect(lines[0]).toBe(
      'Balayage des échéances — Indian/Reunion le lundi 1 mars 2027, America/Cayenne le dimanche 28 février 2027',
    );
    expect(lines).toContain('  Arrêté avant la fin de l’index : relancez pour finir.');
    expect(lines).toContain(
      '  2 éléments n’ont pu être traités : ils restent dus pour le prochain passage.',
    );
    expect(lines).toContain(`  Structure ${kaz} — 1 alerte :`);
  });

  it('says when no zone is at 6 o’clock', () => {
    expect(sweepSummary(aReport({ timeZones: [] }), new Map())[0]).toBe(
      'Balayage des échéances — aucun fuseau horaire n’est à 6 h en ce moment',
    );
  });

  it('agrees in number the French way: 0 and 1 are singular', () => {
    expect([0, 1, 2].map((value) => count(value, 'alerte', 'alertes'))).toEqual([
      '0 alerte',
      '1 alerte',
      '2 alertes',
    ]);
    expect(frenchDate('2027-03-28')).toBe('dimanche 28 mars 2027');
  });
});
