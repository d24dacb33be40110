import { notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { ledgerPeriod } from './contributions.ts';
import { buildDashboard, periodOf, type ScopeRef } from './dashboard.ts';
import type { DashboardRead } from './dashboard-read.ts';
import { readStructureRows } from './stats-reads.ts';

/**
 * A structure-admin's dashboard of their own structure: one BatchGetItem (the structure, its
 * period's row and its ledger), whatever the number of cases.
 */
export function makeStructureDashboard(deps: UseCaseDeps) {
  return async (actor: StructureActor, periodId: string): Promise<DashboardRead> => {
    const period = periodOf(periodId);
    const found = await readStructureRows(deps, actor.tenantId, [period.id, ledgerPeriod]);
    const structureOf = found.structure;
    if (structureOf === undefined) throw notFound('Structure');
    const scope: ScopeRef = {
      kind: 'structure',
      departement: structureOf.territory.departement,
      tenantId: structureOf.id,
    };
    return {
      dashboard: buildDashboard({
        period,
        audience: 'structure',
        title: structureOf.name,
        scopes: [
          {
            scope,
            label: structureOf.name,
            counters: found.rows.get(period.id) ?? {},
            ledger: found.rows.get(ledgerPeriod) ?? {},
          },
        ],
      }),
      itemsRead: found.itemsRead,
    };
  };
}
