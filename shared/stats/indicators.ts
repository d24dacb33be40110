import {
  barrierDomains,
  exitOutcomes,
  genders,
  minimumIncomes,
  prescriberKinds,
} from '../measure/vocabulary.ts';
import { type AgeBand, ageBands, type Counters, counter } from './contributions.ts';

/** The seed measure's targets (ESF measure 2-9, La Réunion): positive exits 60 %, insertion 30 %. */
export const targets = { positiveExitRate: 0.6, insertionRate: 0.3 } as const;

/** A cell: the number (null when suppressed) and how it reads in French. */
export interface Figure {
  value: number | null;
  display: string;
  suppressed?: 'small-count' | 'small-denominator';
}

export type Kind = 'count' | 'rate' | 'mean' | 'euros' | 'hours';

export interface Column {
  id: string;
  label: string;
  kind: Kind;
  /** For a rate: the measure's target, as a share (0.6). */
  target?: number;
  /** For a mean: what one unit is (jours, points). */
  unit?: string;
}

export interface Indicator extends Column {
  /** The count, or the numerator of a rate or mean. */
  numerator: (counters: Counters, supported: number) => number;
  /** The people a rate or mean is over: below the threshold it is not significant. */
  denominator?: (counters: Counters, supported: number) => number;
}

export const n = (name: string) => (counters: Counters) => counters[name] ?? 0;
export const count = (id: string, label: string, name: string): Indicator => ({
  id,
  label,
  kind: 'count',
  numerator: n(name),
});

export const supportedPeople: Indicator = {
  id: 'supported',
  label: 'Personnes accompagnées',
  kind: 'count',
  numerator: (_, supported) => supported,
};
export const entries = count('entries', 'Entrées', counter.entries);
export const exits = count('exits', 'Sorties', counter.exits);
export const positiveRate: Indicator = {
  id: 'positiveExitRate',
  label: 'Taux de sorties positives',
  kind: 'rate',
  target: targets.positiveExitRate,
  numerator: n(counter.exitsPositive),
  denominator: n(counter.exits),
};
export const insertionRate: Indicator = {
  id: 'insertionRate',
  label: 'Taux d’insertion professionnelle',
  kind: 'rate',
  target: targets.insertionRate,
  numerator: n(counter.exitsInsertion),
  denominator: n(counter.exits),
};

export const ageLabels: Record<AgeBand, string> = {
  'under-26': 'Moins de 26 ans',
  '26-50': '26 à 50 ans',
  'over-50': 'Plus de 50 ans',
};

export interface TableSpec {
  id: string;
  title: string;
  indicators: Indicator[];
}

/** The dashboard's tables, in order; each can be downloaded as CSV. */
export const tableSpecs: readonly TableSpec[] = [
  {
    id: 'synthese',
    title: 'Synthèse',
    indicators: [
      supportedPeople,
      entries,
      exits,
      positiveRate,
      insertionRate,
      count(
        'businessCreations',
        'Créations d’entreprise',
        counter.exitsByOutcome('business-creation'),
      ),
      {
        id: 'averageDuration',
        label: 'Durée moyenne d’accompagnement des sortants',
        kind: 'mean',
        unit: 'jours',
        numerator: n(counter.exitDurationDays),
        denominator: n(counter.exits),
      },
      {
        id: 'renewalRate',
        label: 'Taux de renouvellement des sortants',
        kind: 'rate',
        numerator: n(counter.exitsRenewed),
        denominator: n(counter.exits),
      },
      {
        id: 'supportHours',
        label: 'Heures d’accompagnement',
        kind: 'hours',
        numerator: (counters) => (counters[counter.supportMinutes] ?? 0) / 60,
        denominator: (_, supported) => supported,
      },
      {
        id: 'costPerPerson',
        label: 'Coût conventionnel par personne accompagnée',
        kind: 'euros',
        numerator: (counters) => (counters[counter.conventionCents] ?? 0) / 100,
        denominator: (_, supported) => supported,
      },
      {
        id: 'answerDelay',
        label: 'Délai moyen de réponse aux prescriptions',
        kind: 'mean',
        unit: 'jours',
        numerator: n(counter.referralAnswerDays),
        denominator: n(counter.referralsAnswered),
      },
      {
        id: 'firstContactDelay',
        label: 'Délai moyen de la prescription au premier contact',
        kind: 'mean',
        unit: 'jours',
        numerator: n(counter.firstContactDays),
        denominator: n(counter.firstContacts),
      },
    ],
  },
  {
    id: 'entrees',
    title: 'Profil des personnes entrées',
    indicators: [
      entries,
      ...genders.codes.map((code) =>
        count(`gender.${code}`, genders.labels[code], counter.entriesByGender(code)),
      ),
      ...ageBands.map((band) => count(`age.${band}`, ageLabels[band], counter.entriesByAge(band))),
      ...minimumIncomes.codes.map((code) =>
        count(
          `income.${code}`,
          code === 'none' ? 'Sans minimum social' : `Allocataires ${minimumIncomes.labels[code]}`,
          counter.entriesByIncome(code),
        ),
      ),
      {
        id: 'minimumIncomeRate',
        label: 'Part des allocataires d’un minimum social',
        kind: 'rate',
        numerator: (counters) =>
          (counters[counter.entries] ?? 0) - (counters[counter.entriesByIncome('none')] ?? 0),
        denominator: n(counter.entries),
      },
    ],
  },
  {
    id: 'prescripteurs',
    title: 'Prescripteurs des personnes entrées',
    indicators: [
      entries,
      {
        id: 'franceTravailShare',
        label: 'Part prescrite par France Travail',
        kind: 'rate',
        numerator: n(counter.entriesByPrescriber('france-travail')),
        denominator: n(counter.entries),
      },
      ...prescriberKinds.codes.map((code) =>
        count(
          `prescriber.${code}`,
          prescriberKinds.labels[code],
          counter.entriesByPrescriber(code),
        ),
      ),
    ],
  },
  {
    id: 'freins',
    title: 'Freins à l’entrée',
    indicators: [
      entries,
      ...barrierDomains.codes.map((code) =>
        count(`barrier.${code}`, barrierDomains.labels[code], counter.entriesByBarrier(code)),
      ),
    ],
  },
  {
    id: 'sorties',
    title: 'Sorties par motif',
    indicators: [
      exits,
      ...exitOutcomes.codes.map((code) =>
        count(`outcome.${code}`, exitOutcomes.labels[code], counter.exitsByOutcome(code)),
      ),
      insertionRate,
      positiveRate,
    ],
  },
  {
    id: 'distance',
    title: 'Distance parcourue sur les freins (baisse moyenne du score 0–3, entrée → sortie)',
    indicators: barrierDomains.codes.map(
      (code): Indicator => ({
        id: `distance.${code}`,
        label: barrierDomains.labels[code],
        kind: 'mean',
        unit: 'points',
        numerator: n(counter.distanceSum(code)),
        denominator: n(counter.distanceCount(code)),
      }),
    ),
  },
];
