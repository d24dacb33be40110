/**
 * Statistics: a funder's territory and a structure-admin's structure, by month or year, with the
 * measure's targets beside the figures, and each table as CSV for French spreadsheets.
 */
import type { Context } from 'hono';
import { dateIn } from '../../../shared/common/dates.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { regions } from '../../../shared/measure/territory.ts';
import { periodId } from '../../../shared/stats/dashboard.ts';
import { dashboardCsv, seriesTableId } from '../../../shared/stats/dashboard-csv.ts';
import type { DashboardRead } from '../../../shared/stats/dashboard-read.ts';
import { tableSpecs } from '../../../shared/stats/indicators.ts';
import { makeStructureDashboard } from '../../../shared/stats/structure-dashboard.ts';
import { makeTerritoryDashboard } from '../../../shared/stats/territory-dashboard.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../http.ts';
import { guardedRoute, json, problems, resourceRouter, z } from '../openapi-kit.ts';

const tags = ['Statistiques'];

const period = periodId.optional().openapi({
  description: 'L’année (`2026`) ou le mois (`2026-03`) ; l’année en cours par défaut.',
  example: '2026',
});
const tableIds: [string, ...string[]] = [seriesTableId, ...tableSpecs.map((spec) => spec.id)];
const PeriodQuery = z.object({ period }).openapi('StatsPeriodQuery');
const ExportQuery = z
  .object({
    period,
    table: z.enum(tableIds).openapi({
      description:
        'Le tableau à exporter (`mensuel` : entrées, sorties et personnes accompagnées mois par mois).',
    }),
  })
  .openapi('StatsExportQuery');

const Figure = z
  .object({
    value: z.number().nullable(),
    display: z.string(),
    suppressed: z.enum(['small-count', 'small-denominator']).optional(),
  })
  .openapi('StatsFigure', {
    description:
      'Une valeur et son affichage en français ; `value` est la valeur exacte (un taux en part : 4/21 = 0,190476…), arrondie une seule fois dans `display` et dans le CSV ; elle est nulle quand le chiffre est masqué (effectif < 5, ou taux sur moins de 5 personnes).',
  });
const Scope = z.object({
  kind: z.enum(['region', 'departement', 'structure']),
  region: z.string().optional(),
  departement: z.string().optional(),
  tenantId: z.string().optional(),
  label: z.string(),
});
const Dashboard = z
  .object({
    period: z.object({ id: z.string(), months: z.array(z.string()), label: z.string() }),
    audience: z.enum(['funder', 'structure']),
    title: z.string(),
    targets: z.object({ positiveExitRate: z.number(), insertionRate: z.number() }),
    note: z.string(),
    tables: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        columns: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            kind: z.enum(['count', 'rate', 'mean', 'euros', 'hours']),
            target: z.number().optional(),
            unit: z.string().optional(),
          }),
        ),
        rows: z.array(z.object({ scope: Scope, cells: z.array(Figure) })),
      }),
    ),
    series: z.object({
      label: z.string(),
      points: z.array(
        z.object({
          month: z.string(),
          label: z.string(),
          entries: Figure,
          exits: Figure,
          supported: Figure,
        }),
      ),
    }),
  })
  .openapi('StatsDashboard');

const csv = (description: string) => ({
  content: { 'text/csv': { schema: z.string() } },
  description,
});

/** The year it is now where the caller works. */
function currentYear(deps: ApiDeps, timeZone: string): string {
  return dateIn(timeZone, deps.now()).slice(0, 4);
}

function csvResponse(c: Context, read: DashboardRead, table: string, scopeName: string): Response {
  const csv = dashboardCsv(read.dashboard, table, scopeName);
  if (csv === undefined) throw new NotFoundError('Tableau introuvable.');
  return c.body(csv.body, 200, csv.headers);
}

export function statsRoutes(deps: ApiDeps) {
  const territory = makeTerritoryDashboard(deps);
  const structureDashboard = makeStructureDashboard(deps);
  const funderPeriod = (c: Context, requested: string | undefined) => {
    const actor = actorOf(c, ['funder'] as const);
    const zone = regions[actor.region as keyof typeof regions]?.timeZone ?? 'Europe/Paris';
    return { actor, periodId: requested ?? currentYear(deps, zone) };
  };

  return resourceRouter()
    .openapi(
      guardedRoute('stats.territory', {
        method: 'get',
        path: '/territory',
        tags,
        summary: 'Tableau de bord du territoire : région, départements, structures',
        description:
          'Les chiffres sont agrégés, jamais nominatifs : effectifs inférieurs à 5 affichés « < 5 », taux sur moins de 5 personnes non significatifs.',
        request: { query: PeriodQuery },
        responses: { 200: json(Dashboard, 'Le tableau de bord'), ...problems },
      }),
      async (c) => {
        const { actor, periodId } = funderPeriod(c, c.req.valid('query').period);
        const read = await territory(actor, periodId);
        return c.json(read.dashboard, 200);
      },
    )
    .openapi(
      guardedRoute('stats.territory.export', {
        method: 'get',
        path: '/territory/export',
        tags,
        summary: 'Un tableau du territoire en CSV (UTF-8, « ; », virgule décimale)',
        request: { query: ExportQuery },
        responses: { 200: csv('Le tableau, prêt pour un tableur français'), ...problems },
      }),
      async (c) => {
        const query = c.req.valid('query');
        const { actor, periodId } = funderPeriod(c, query.period);
        return csvResponse(
          c,
          await territory(actor, periodId),
          query.table,
          `region-${actor.region}`,
        );
      },
    )
    .openapi(
      guardedRoute('stats.structure', {
        method: 'get',
        path: '/structure',
        tags,
        summary: 'Tableau de bord de ma structure',
        request: { query: PeriodQuery },
        responses: { 200: json(Dashboard, 'Le tableau de bord'), ...problems },
      }),
      async (c) => {
        const actor = actorOf(c, ['structure-admin'] as const);
        const requested = c.req.valid('query').period;
        const read = await structureDashboard(
          actor,
          requested ?? currentYear(deps, 'Europe/Paris'),
        );
        return c.json(read.dashboard, 200);
      },
    )
    .openapi(
      guardedRoute('stats.structure.export', {
        method: 'get',
        path: '/structure/export',
        tags,
        summary: 'Un tableau de ma structure en CSV (UTF-8, « ; », virgule décimale)',
        request: { query: ExportQuery },
        responses: { 200: csv('Le tableau, prêt pour un tableur français'), ...problems },
      }),
      async (c) => {
        const actor = actorOf(c, ['structure-admin'] as const);
        const query = c.req.valid('query');
        const read = await structureDashboard(
          actor,
          query.period ?? currentYear(deps, 'Europe/Paris'),
        );
        return csvResponse(c, read, query.table, 'structure');
      },
    );
}
