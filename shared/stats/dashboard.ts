/**
 * The dashboards, from counter rows to figures: one model for the JSON API, the CSV exports and
 * the portal's tables. Funders get small-cell suppression — a count under 5 shows as "< 5", a
 * rate or mean over fewer than 5 people as not significant — so no figure singles a person out.
 */

import { z } from '../common/zod.ts';
import { regions } from '../measure/territory.ts';
import { type Counters, counter } from './contributions.ts';
import {
  type Column,
  count,
  type Figure,
  type Indicator,
  type Kind,
  tableSpecs,
  targets,
} from './indicators.ts';

/** Below this, a count is shown as "< 5" and a rate or mean as not significant (funders only). */
export const smallCellThreshold = 5;

export type Audience = 'funder' | 'structure';

/** A period as the API and the portal take it: a year (`2026`) or a month (`2026-03`). */
export const periodId = z
  .string()
  .regex(/^20\d{2}(?:-(?:0[1-9]|1[0-2]))?$/, 'une année (2026) ou un mois (2026-03) attendu');

export interface Period {
  /** `2026` or `2026-03`. */
  id: string;
  /** Every month it covers, `2026-01`… */
  months: string[];
  label: string;
}

const monthNames = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

export function periodOf(id: string): Period {
  const year = id.slice(0, 4);
  if (id.length === 4) {
    return {
      id,
      months: monthNames.map((_, index) => `${year}-${String(index + 1).padStart(2, '0')}`),
      label: `Année ${year}`,
    };
  }
  return { id, months: [id], label: monthLabel(id) };
}

export function monthLabel(month: string): string {
  const name = monthNames[Number(month.slice(5, 7)) - 1] ?? month;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${month.slice(0, 4)}`;
}

/** People supported in a period: entered by its end, not exited before it began (from the ledger). */
export function supportedIn(ledger: Counters, months: readonly string[]): number {
  const first = months[0] ?? '';
  const last = months[months.length - 1] ?? '';
  let supported = 0;
  for (const [name, value] of Object.entries(ledger)) {
    const [kind, month] = name.split('@');
    if (month === undefined) continue;
    if (kind === 'entries' && month <= last) supported += value;
    if (kind === 'exits' && month < first) supported -= value;
  }
  return supported;
}

export type ScopeRef =
  | { kind: 'region'; region: string }
  | { kind: 'departement'; departement: string }
  | { kind: 'structure'; departement: string; tenantId: string };

export interface ScopeCounters {
  scope: ScopeRef;
  label: string;
  counters: Counters;
  ledger: Counters;
}

export interface Row {
  scope: ScopeRef & { label: string };
  cells: Figure[];
}

export interface Table {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
}

export interface SeriesPoint {
  month: string;
  label: string;
  entries: Figure;
  exits: Figure;
  supported: Figure;
}

export interface Dashboard {
  period: Period;
  audience: Audience;
  title: string;
  targets: { positiveExitRate: number; insertionRate: number };
  /** The rule applied to the figures, in French, for the page and the CSV. */
  note: string;
  tables: Table[];
  /** Month by month, for the first scope of the tables (the region, or the structure). */
  series: { label: string; points: SeriesPoint[] };
}

export function scopeLabel(scope: ScopeRef, structureName: string | undefined): string {
  switch (scope.kind) {
    case 'region':
      return regions[scope.region as keyof typeof regions]?.name ?? `Région ${scope.region}`;
    case 'departement':
      return `Département ${scope.departement}`;
    case 'structure':
      return structureName ?? 'Structure';
  }
}

/** Decimals each kind of figure is shown with, on the page and in the CSV alike. */
const digitsOf: Record<Kind, number> = { count: 0, rate: 1, mean: 1, hours: 1, euros: 2 };

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A figure's exact value as French text, rounded here and only here: the page groups thousands
 * (`1 234,5`), the CSV does not (`1234,5`), and both round the same exact value the same way.
 */
export function frenchNumber(value: number, kind: Kind, grouping: boolean): string {
  const digits = digitsOf[kind];
  const key = `${digits}${grouping}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat('fr-FR', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: grouping,
      signDisplay: 'negative',
    });
    formatters.set(key, format);
  }
  return format.format(kind === 'rate' ? value * 100 : value);
}

function shown(value: number, kind: Kind, unit?: string): string {
  const text = frenchNumber(value, kind, true);
  switch (kind) {
    case 'count':
      return text;
    case 'rate':
      return `${text} %`;
    case 'mean':
      return `${text} ${unit ?? ''}`.trim();
    case 'hours':
      return `${text} h`;
    case 'euros':
      return `${text} €`;
  }
}

/** A figure with its exact value (a rate as a share, 4/21 = 0.190476…), rounded only as shown. */
function figure(
  indicator: Indicator,
  counters: Counters,
  supported: number,
  audience: Audience,
): Figure {
  const value = indicator.numerator(counters, supported);
  const over = indicator.denominator?.(counters, supported);
  const guarded = audience === 'funder';
  if (indicator.kind === 'count') {
    if (guarded && value < smallCellThreshold) {
      return { value: null, display: `< ${smallCellThreshold}`, suppressed: 'small-count' };
    }
    return { value, display: shown(value, 'count') };
  }
  if (over === undefined || over === 0 || (guarded && over < smallCellThreshold)) {
    return over === 0
      ? { value: null, display: '–' }
      : { value: null, display: 'n.s.', suppressed: 'small-denominator' };
  }
  const exact = indicator.kind === 'hours' ? value : value / over;
  return { value: exact, display: shown(exact, indicator.kind, indicator.unit) };
}

function countFigure(value: number, audience: Audience): Figure {
  return figure(count('x', 'x', 'x'), { x: value }, 0, audience);
}

function monthValue(ledger: Counters, kind: 'entries' | 'exits', month: string): number {
  return (
    ledger[kind === 'entries' ? counter.ledgerEntries(month) : counter.ledgerExits(month)] ?? 0
  );
}

export function buildDashboard(input: {
  period: Period;
  audience: Audience;
  title: string;
  scopes: readonly ScopeCounters[];
}): Dashboard {
  const { period, audience, scopes } = input;
  const tables = tableSpecs.map(
    (spec): Table => ({
      id: spec.id,
      title: spec.title,
      columns: spec.indicators.map(({ id, label, kind, target, unit }) => ({
        id,
        label,
        kind,
        ...(target === undefined ? {} : { target }),
        ...(unit === undefined ? {} : { unit }),
      })),
      rows: scopes.map((scope) => {
        const supported = supportedIn(scope.ledger, period.months);
        return {
          scope: { ...scope.scope, label: scope.label },
          cells: spec.indicators.map((indicator) =>
            figure(indicator, scope.counters, supported, audience),
          ),
        };
      }),
    }),
  );
  const main = scopes[0];
  const seriesMonths =
    period.months.length === 1 ? lastTwelveMonths(period.months[0] ?? '') : period.months;
  return {
    period,
    audience,
    title: input.title,
    targets: { ...targets },
    note:
      audience === 'funder'
        ? 'Les effectifs inférieurs à 5 sont affichés « < 5 » et les taux ou moyennes portant sur moins de 5 personnes « n.s. » (non significatif) : aucun chiffre ne permet d’identifier une personne.'
        : 'Chiffres de votre structure, non masqués : ne les diffusez pas hors de la structure sans appliquer la règle des petits effectifs (moins de 5).',
    tables,
    series: {
      label: main?.label ?? '',
      points: seriesMonths.map((month) => ({
        month,
        label: monthLabel(month),
        entries: countFigure(
          main === undefined ? 0 : monthValue(main.ledger, 'entries', month),
          audience,
        ),
        exits: countFigure(
          main === undefined ? 0 : monthValue(main.ledger, 'exits', month),
          audience,
        ),
        supported: countFigure(
          main === undefined ? 0 : supportedIn(main.ledger, [month]),
          audience,
        ),
      })),
    },
  };
}

function lastTwelveMonths(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  return Array.from({ length: 12 }, (_, offset) => {
    const total = year * 12 + index - 11 + offset;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}
