/**
 * The case files, under `/cases`: the caseload, a file, its access log, and the commands of the
 * support's course, drawn from their table (case-commands.ts).
 */

import { makeGetAccessLog } from '../../../shared/cases/file/get-access-log.ts';
import { makeGetCaseFile } from '../../../shared/cases/file/get-case-file.ts';
import { makeListCaseload } from '../../../shared/cases/file/list-caseload.ts';
import { AccessLogPage, CaseFile, CasePage, CaseQuery } from '../../../shared/cases/schemas.ts';
import { IdParam, PageQuery } from '../../../shared/common/schemas.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag } from '../http.ts';
import { guardedRoute, json, problems, resourceRouter } from '../openapi-kit.ts';
import { caseCommands } from './case-commands.ts';

const tags = ['Structures – dossiers'];
const structure = ['referent', 'structure-admin'] as const;

export function caseRoutes(deps: ApiDeps) {
  const caseload = makeListCaseload(deps);
  const caseFile = makeGetCaseFile(deps);
  const accessLog = makeGetAccessLog(deps);

  const router = resourceRouter()
    .openapi(
      guardedRoute('case.list', {
        method: 'get',
        path: '/',
        tags,
        summary: 'Mes dossiers (tous ceux de la structure pour un responsable), par phase',
        request: { query: CaseQuery },
        responses: { 200: json(CasePage, 'Une page de dossiers'), ...problems },
      }),
      async (c) => {
        const page = await caseload(actorOf(c, structure), c.req.valid('query'));
        return c.json({ items: page.items, cursor: page.cursor }, 200);
      },
    )
    .openapi(
      guardedRoute('case.get', {
        method: 'get',
        path: '/{id}',
        tags,
        summary: 'Le dossier complet (chaque lecture est inscrite au journal des accès)',
        request: { params: IdParam },
        responses: { 200: json(CaseFile, 'Dossier'), ...problems },
      }),
      async (c) => {
        const file = await caseFile(actorOf(c, structure), c.req.valid('param').id);
        c.header('ETag', etag(file.supportCase.version));
        return c.json(
          {
            case: file.supportCase,
            barrierScores: file.barrierScores,
            journal: file.journal,
            appointments: file.appointments,
            alerts: file.alerts,
          },
          200,
        );
      },
    )
    .openapi(
      guardedRoute('case.access-log', {
        method: 'get',
        path: '/{id}/access-log',
        tags,
        summary: 'Qui a lu ou modifié ce dossier, et quand',
        request: { params: IdParam, query: PageQuery },
        responses: {
          200: json(AccessLogPage, 'Journal des accès, le plus récent d’abord'),
          ...problems,
        },
      }),
      async (c) => {
        const { limit, cursor } = c.req.valid('query');
        const page = await accessLog(actorOf(c, structure), c.req.valid('param').id, limit, cursor);
        return c.json({ items: page.items, cursor: page.cursor }, 200);
      },
    );
  for (const command of caseCommands) command.mount(router, deps);
  return router;
}
