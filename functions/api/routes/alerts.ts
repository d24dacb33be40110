import { makeAcknowledgeAlert } from '../../../shared/alerts/acknowledge-alert.ts';
import { alertStatuses } from '../../../shared/alerts/alert.ts';
import { alertCounts, alertScopes, alertView } from '../../../shared/alerts/alert-view.ts';
import { makeCountAlerts } from '../../../shared/alerts/count-alerts.ts';
import { makeListAlerts } from '../../../shared/alerts/list-alerts.ts';
import { PageQuery, Problem } from '../../../shared/common/schemas.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../http.ts';
import { guardedRoute, json, problems, resourceRouter, z } from '../openapi-kit.ts';

const tags = ['Structures – alertes'];
const structure = ['referent', 'structure-admin'] as const;

const AlertView = alertView.openapi('AlertView');
const AlertPage = z
  .object({ items: z.array(AlertView), cursor: z.string().optional() })
  .openapi('AlertPage');
const AlertCounts = alertCounts.openapi('AlertCounts');
const AlertQuery = PageQuery.extend({
  scope: z.enum(alertScopes).default('mine').openapi({
    description:
      '`mine` : les alertes qui vous sont adressées ; `structure` : toutes celles de la structure (responsable seulement).',
  }),
  status: z.enum(alertStatuses).default('open'),
}).openapi('AlertQuery');
const AlertIdParam = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/, 'identifiant d’alerte invalide')
      .openapi({ param: { name: 'id', in: 'path' }, description: 'L’identifiant de l’alerte.' }),
  })
  .openapi('AlertIdParam');

export function alertRoutes(deps: ApiDeps) {
  const listAlerts = makeListAlerts(deps);
  const countAlerts = makeCountAlerts(deps);
  const acknowledge = makeAcknowledgeAlert(deps);

  return resourceRouter()
    .openapi(
      guardedRoute('alert.list', {
        method: 'get',
        path: '/',
        tags,
        summary: 'Mes alertes (ou celles de la structure pour un responsable), par échéance',
        description:
          'Les alertes ouvertes viennent de la plus ancienne échéance à la plus récente ; les autres, de la plus récente à la plus ancienne.',
        request: { query: AlertQuery },
        responses: { 200: json(AlertPage, 'Une page d’alertes'), ...problems },
      }),
      async (c) => {
        const page = await listAlerts(actorOf(c, structure), c.req.valid('query'));
        return c.json({ items: page.items, cursor: page.cursor }, 200);
      },
    )
    .openapi(
      guardedRoute('alert.count', {
        method: 'get',
        path: '/count',
        tags,
        summary: 'Le nombre d’alertes ouvertes, pour le badge',
        responses: { 200: json(AlertCounts, 'Alertes ouvertes'), ...problems },
      }),
      async (c) => c.json(await countAlerts(actorOf(c, structure)), 200),
    )
    .openapi(
      guardedRoute('alert.acknowledge', {
        method: 'post',
        path: '/{id}/acknowledge',
        tags,
        summary: 'Prendre en compte une alerte',
        description:
          'Une alerte déjà prise en compte est renvoyée telle quelle (rien n’est réécrit) ; une alerte levée répond 409.',
        request: { params: AlertIdParam },
        responses: {
          200: json(AlertView, 'L’alerte prise en compte'),
          ...problems,
          409: {
            content: { 'application/problem+json': { schema: Problem } },
            description: 'L’alerte est déjà levée, ou vient de changer',
          },
        },
      }),
      async (c) => {
        const { alert } = await acknowledge(actorOf(c, structure), c.req.valid('param').id);
        return c.json(alert, 200);
      },
    );
}
