/**
 * The statistics' stored rows: the counters of one scope (region, département, structure) and
 * period, never a person; and what each case or referral added to them, the projector's memory.
 */
import { type ItemKey, statsPrefix, tenantPrefix } from '../data/keys.ts';

/** A scope of the statistics: the region, one of its départements, one structure. */
export type StatsScopeKey =
  | { kind: 'region' }
  | { kind: 'departement'; departement: string }
  | { kind: 'structure'; departement: string; tenantId: string };

/** Region first, then départements, then structures by département: one Query reads them in order. */
export function statsScopeSortKey(scope: StatsScopeKey): string {
  switch (scope.kind) {
    case 'region':
      return 'A#REGION';
    case 'departement':
      return `D#${scope.departement}`;
    case 'structure':
      return `S#${scope.departement}#${scope.tenantId}`;
  }
}

/**
 * The counters of one scope for one period (`2026`, `2026-03`, or `ALL` for the monthly ledger
 * of entries and exits): a region's partition per period holds every scope of the region.
 */
export function statsRowKey(region: string, period: string, scope: StatsScopeKey): ItemKey {
  return { PK: `${statsPrefix(region)}#${period}`, SK: statsScopeSortKey(scope) };
}

/** The same counters of a structure, kept in its own partition for its structure-admin. */
export function structureStatsRowKey(tenantId: string, period: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `STATS#${period}` };
}

export function statsContributionPrefix(sourceId: string): string {
  return `STATCONTRIB#${sourceId}#`;
}

/** What one case (or referral) adds to the counters of one period: the projector's memory. */
export function statsContributionKey(tenantId: string, sourceId: string, period: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${statsContributionPrefix(sourceId)}${period}` };
}
