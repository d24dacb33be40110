/** Small fixture builders: `aCase().signed('2026-01-15').build()`. */

import type { SupportCase } from '../../shared/cases/case.ts';
import type { JournalEntry } from '../../shared/cases/journal/journal-entry.ts';
import type { Referral } from '../../shared/referrals/referral.ts';

const tenantId = '0192f0a0-0000-7000-8000-000000000001';
const orgId = '0192f0a0-0000-7000-8000-000000000002';
const referentId = '0192f0a0-0000-7000-8000-000000000003';
const caseId = '0192f0a0-0000-7000-8000-000000000004';

export const fixtureIds = { tenantId, orgId, referentId, caseId };

const person = {
  firstName: 'Zéphirine',
  lastName: 'Quatorze',
  birthDate: '1988-04-12',
  gender: 'female',
  postalCode: '97400',
  city: 'Saint-Denis',
} as const;

export function aReferral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: caseId,
    tenantId,
    orgId,
    prescriberId: '0192f0a0-0000-7000-8000-000000000005',
    status: 'submitted',
    submittedAt: '2026-01-05T09:00:00.000Z',
    timeZone: 'Indian/Reunion',
    person: { ...person },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    barriers: ['housing', 'health'],
    specificPublics: [],
    context: 'upstream-of-employment',
    reason: 'Besoin d’un accompagnement global.',
    consent: {
      recordedAt: '2026-01-05T09:00:00.000Z',
      recordedBy: '0192f0a0-0000-7000-8000-000000000005',
    },
    version: 1,
    ...overrides,
  };
}

export function aCase() {
  let value: SupportCase = {
    id: caseId,
    tenantId,
    referralId: caseId,
    orgId,
    referentId,
    phase: 'intake',
    acceptedAt: '2026-01-10T09:00:00.000Z',
    timeZone: 'Indian/Reunion',
    person: { ...person },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    version: 1,
  };
  const builder = {
    signed(signedOn: string, period1EndsOn: string) {
      value = {
        ...value,
        phase: 'period-1',
        contract: {
          signedOn,
          objectives: ['Trouver un logement'],
          personCommitments: 'Venir chaque semaine.',
          structureCommitments: 'Un entretien par semaine.',
          period1EndsOn,
        },
      };
      return builder;
    },
    renewalRequested() {
      value = {
        ...value,
        renewal: {
          status: 'requested',
          requestedAt: '2026-06-01T09:00:00.000Z',
          requestedBy: referentId,
          justification: 'Six mois de plus pour consolider.',
        },
      };
      return builder;
    },
    renewed(period2EndsOn: string) {
      value = {
        ...value,
        phase: 'period-2',
        renewal: {
          status: 'granted',
          requestedAt: '2026-06-01T09:00:00.000Z',
          requestedBy: referentId,
          justification: 'Six mois de plus pour consolider.',
          decidedAt: '2026-06-05T09:00:00.000Z',
          decidedBy: referentId,
          decisionReason: 'Accordé.',
          period2EndsOn,
        },
      };
      return builder;
    },
    exited(date: string) {
      value = { ...value, phase: 'exited', exit: { date, outcome: 'durable-employment' } };
      return builder;
    },
    build: (): SupportCase => structuredClone(value),
  };
  return builder;
}

export function aJournalEntry(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: '0192f0a0-0000-7000-8000-000000000006',
    caseId,
    authorId: referentId,
    kind: 'interview',
    date: '2026-02-01',
    durationMinutes: 45,
    topics: ['housing'],
    actions: ['procedures'],
    partners: [],
    summary: 'Point sur la demande de logement.',
    ...overrides,
  };
}
