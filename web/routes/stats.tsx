/**
 * The statistics pages: `/financeur` (a funder's territory) and `/structure/statistiques` (a
 * structure-admin's structure), each with its CSV downloads. They call the use cases the JSON
 * API calls, so the same small-cell rule applies to a funder here as there.
 */
import type { Context } from 'hono';
import type { Operation } from '../../shared/auth/rights.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { z } from '../../shared/common/zod.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { actorOf, allow } from '../../shared/http/guards.ts';
import { isRegionCode, regions } from '../../shared/measure/territory.ts';
import { periodId } from '../../shared/stats/dashboard.ts';
import { dashboardCsv } from '../../shared/stats/dashboard-csv.ts';
import type { DashboardRead } from '../../shared/stats/dashboard-read.ts';
import { makeStructureDashboard } from '../../shared/stats/structure-dashboard.ts';
import { makeTerritoryDashboard } from '../../shared/stats/territory-dashboard.ts';
import { area, type PortalEnv, page, viewerOf } from '../area.tsx';
import type { PortalDeps } from '../deps.ts';
import { periodChoices, StatsPage } from '../pages/stats.tsx';
import { queryOf } from '../query.ts';

const PeriodQuery = z.object({ period: periodId.optional() });
const ExportQuery = PeriodQuery.extend({
  table: z.string().regex(/^[a-z]+$/, 'tableau inconnu'),
});

/** This year and the three before it, in `timeZone`. */
function yearsUpTo(deps: PortalDeps, timeZone: string): string[] {
  const year = Number(dateIn(timeZone, deps.now()).slice(0, 4));
  return [year, year - 1, year - 2, year - 3].map(String);
}

function csvDownload(c: Context<PortalEnv>, read: DashboardRead, table: string, name: string) {
  const csv = dashboardCsv(read.dashboard, table, name);
  if (csv === undefined) throw new NotFoundError('Tableau introuvable.');
  return c.body(csv.body, 200, csv.headers);
}

/** A dashboard page and its CSV downloads, for one audience. */
function dashboardArea(
  deps: PortalDeps,
  options: {
    action: string;
    rights: { page: Operation; export: Operation };
    /** The dashboard for the caller, and the years it may choose from. */
    read: (
      c: Context<PortalEnv>,
      period: string | undefined,
    ) => {
      years: string[];
      name: string;
      pending: Promise<DashboardRead>;
    };
  },
) {
  return area(deps)
    .get('/', allow(options.rights.page), async (c) => {
      const { years, pending } = options.read(c, queryOf(c, PeriodQuery).period);
      const { dashboard } = await pending;
      return page(
        c,
        <StatsPage
          viewer={viewerOf(c)}
          dashboard={dashboard}
          choices={periodChoices(years)}
          action={options.action}
        />,
      );
    })
    .get('/export', allow(options.rights.export), async (c) => {
      const query = queryOf(c, ExportQuery);
      const { name, pending } = options.read(c, query.period);
      return csvDownload(c, await pending, query.table, name);
    });
}

/** `/financeur`: a funder's territory, small cells masked. */
export function funderArea(deps: PortalDeps) {
  const territory = makeTerritoryDashboard(deps);
  return dashboardArea(deps, {
    action: '/financeur',
    rights: { page: 'stats.territory', export: 'stats.territory.export' },
    read: (c, requested) => {
      const actor = actorOf(c, ['funder'] as const);
      const zone = isRegionCode(actor.region) ? regions[actor.region].timeZone : 'Europe/Paris';
      const years = yearsUpTo(deps, zone);
      return {
        years,
        name: `region-${actor.region}`,
        pending: territory(actor, requested ?? years[0] ?? '2026'),
      };
    },
  });
}

/** `/structure/statistiques`: a structure-admin's own structure. */
export function structureStatsArea(deps: PortalDeps) {
  const structureDashboard = makeStructureDashboard(deps);
  return dashboardArea(deps, {
    action: '/structure/statistiques',
    rights: { page: 'stats.structure', export: 'stats.structure.export' },
    read: (c, requested) => {
      const actor = actorOf(c, ['structure-admin'] as const);
      const years = yearsUpTo(deps, 'Europe/Paris');
      return {
        years,
        name: 'structure',
        pending: structureDashboard(actor, requested ?? years[0] ?? '2026'),
      };
    },
  });
}
