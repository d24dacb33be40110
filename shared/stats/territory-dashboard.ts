import { regions } from '../measure/territory.ts';
import type { UseCaseDeps } from '../use-case.ts';
import { ledgerPeriod } from './contributions.ts';
import {
  buildDashboard,
  periodOf,
  type ScopeCounters,
  type ScopeRef,
  scopeLabel,
} from './dashboard.ts';
import type { DashboardRead, FunderActor } from './dashboard-read.ts';
import { readRegionRows, type StatsRow } from './stats-reads.ts';

/**
 * A funder's dashboard: its region, each département and each structure of its territory. Two
 * Queries (the period's rows of the region and its ledger), whatever the number of cases.
 */
export function makeTerritoryDashboard(deps: UseCaseDeps) {
  return async (actor: FunderActor, periodId: string): Promise<DashboardRead> => {
    const period = periodOf(periodId);
    const [current, ledger] = await Promise.all([
      readRegionRows(deps, actor.region, period.id),
      readRegionRows(deps, actor.region, ledgerPeriod),
    ]);
    const scopes = territoryScopes(actor, current.rows, ledger.rows);
    const regionName = regions[actor.region as keyof typeof regions]?.name ?? actor.region;
    const title =
      actor.departements.length === 0
        ? `Région ${regionName}`
        : `Département${actor.departements.length > 1 ? 's' : ''} ${actor.departements.join(', ')}`;
    return {
      dashboard: buildDashboard({ period, audience: 'funder', title, scopes }),
      itemsRead: current.itemsRead + ledger.itemsRead,
    };
  };
}

/** The region (for a regional funder), then each département followed by its structures. */
function territoryScopes(
  actor: FunderActor,
  current: readonly StatsRow[],
  ledger: readonly StatsRow[],
): ScopeCounters[] {
  const byKey = new Map<
    string,
    { scope: ScopeRef; label: string | undefined; current?: StatsRow; ledger?: StatsRow }
  >();
  const keyOf = (row: StatsRow) => JSON.stringify(row.scope);
  const place = (row: StatsRow, which: 'current' | 'ledger') => {
    const key = keyOf(row);
    const entry = byKey.get(key) ?? {
      scope: row.scope.kind === 'region' ? { kind: 'region', region: actor.region } : row.scope,
      label: row.label,
    };
    entry[which] = row;
    entry.label = entry.label ?? row.label;
    byKey.set(key, entry);
  };
  for (const row of current) place(row, 'current');
  for (const row of ledger) place(row, 'ledger');

  const visible = (scope: ScopeRef) =>
    actor.departements.length === 0
      ? true
      : scope.kind !== 'region' && actor.departements.includes(scope.departement);
  const order = (scope: ScopeRef, label: string) => {
    if (scope.kind === 'region') return '0';
    if (scope.kind === 'departement') return `1#${scope.departement}#0`;
    return `1#${scope.departement}#1#${label.toLocaleLowerCase('fr')}`;
  };
  return [...byKey.values()]
    .filter((entry) => visible(entry.scope))
    .map((entry) => ({
      scope: entry.scope,
      label: scopeLabel(entry.scope, entry.label),
      counters: entry.current?.counters ?? {},
      ledger: entry.ledger?.counters ?? {},
    }))
    .sort((a, b) => order(a.scope, a.label).localeCompare(order(b.scope, b.label)));
}
