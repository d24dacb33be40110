/**
 * The person's rights, exercised by the structure: rectification with its history, and the
 * export for a right-of-access request (structure-admin).
 */

import { alert } from '../../../shared/alerts/alert.ts';
import { appointment } from '../../../shared/cases/appointments/appointment.ts';
import { supportCase } from '../../../shared/cases/case.ts';
import { barrierScores } from '../../../shared/cases/diagnostic/barrier-scores.ts';
import { accessLogEntry } from '../../../shared/cases/file/access-log.ts';
import { journalEntry } from '../../../shared/cases/journal/journal-entry.ts';
import { IdParam, IfMatchHeader } from '../../../shared/common/schemas.ts';
import { makeExportPersonalData } from '../../../shared/personal-data/export-personal-data.ts';
import { makeGetCaseHistory } from '../../../shared/personal-data/get-case-history.ts';
import {
  caseHistoryEntry,
  rectificationInput,
} from '../../../shared/personal-data/rectification.ts';
import { makeRectifyPerson } from '../../../shared/personal-data/rectify-person.ts';
import { referral } from '../../../shared/referrals/referral.ts';
import { referralFollowUp } from '../../../shared/referrals/referral-follow-up.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag, ifMatchVersion } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  problems,
  resourceRouter,
  versionProblems,
  z,
} from '../openapi-kit.ts';

const tags = ['Structures – droits des personnes'];
const structure = ['referent', 'structure-admin'] as const;

const HistoryEntry = caseHistoryEntry.openapi('CaseHistoryEntry');
const RectificationInput = rectificationInput.openapi('RectificationInput');
const RectificationResult = z
  .object({ case: supportCase, entry: HistoryEntry })
  .openapi('RectificationResult');
const CaseHistory = z.object({ items: z.array(HistoryEntry) }).openapi('CaseHistory');
const PersonalDataExport = z
  .object({
    exportedAt: z.string(),
    exportedBy: z.object({ userId: z.string(), role: z.string() }),
    structure: z.object({ id: z.string(), name: z.string(), siret: z.string() }),
    referral,
    prescriberFollowUp: referralFollowUp.omit({ version: true }),
    case: supportCase.optional(),
    barrierScores: z.array(barrierScores),
    journal: z.array(journalEntry),
    appointments: z.array(appointment),
    alerts: z.array(alert),
    history: z.array(HistoryEntry),
    accessLog: z.array(accessLogEntry),
    erasure: z.union([z.object({ on: z.string() }), z.object({ rule: z.string() })]),
  })
  .openapi('PersonalDataExport');

/** The rectification of a case file and its history, under `/cases`. */
export function caseRightsRoutes(deps: ApiDeps) {
  const rectify = makeRectifyPerson(deps);
  const history = makeGetCaseHistory(deps);

  return resourceRouter()
    .openapi(
      guardedRoute('case.rectify', {
        method: 'post',
        path: '/{id}/rectification',
        tags,
        summary:
          'Rectifier l’identité ou la situation de la personne (les valeurs remplacées restent dans l’historique du dossier)',
        request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(RectificationInput) },
        responses: {
          200: json(RectificationResult, 'Le dossier rectifié et la ligne d’historique'),
          ...versionProblems,
        },
      }),
      async (c) => {
        const result = await rectify(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        c.header('ETag', etag(result.supportCase.version));
        return c.json({ case: result.supportCase, entry: result.entry }, 200);
      },
    )
    .openapi(
      guardedRoute('case.history', {
        method: 'get',
        path: '/{id}/history',
        tags,
        summary: 'L’historique des rectifications du dossier, le plus ancien d’abord',
        request: { params: IdParam },
        responses: { 200: json(CaseHistory, 'Historique'), ...problems },
      }),
      async (c) => {
        const read = await history(actorOf(c, structure), c.req.valid('param').id);
        return c.json({ items: read.history }, 200);
      },
    );
}

/** The export of what Appui keeps on a person, under `/personal-data`. */
export function personalDataRoutes(deps: ApiDeps) {
  const exportPersonalData = makeExportPersonalData(deps);

  return resourceRouter().openapi(
    guardedRoute('person.export', {
      method: 'get',
      path: '/{id}',
      tags,
      summary:
        'Tout ce qu’Appui conserve sur une personne (droit d’accès) : prescription, dossier, journal avec ses notes, historique, journal des accès. L’export est inscrit au journal des accès.',
      request: { params: IdParam },
      responses: { 200: json(PersonalDataExport, 'Les données de la personne'), ...problems },
    }),
    async (c) => {
      const exported = await exportPersonalData(
        actorOf(c, ['structure-admin'] as const),
        c.req.valid('param').id,
      );
      c.header('Cache-Control', 'no-store');
      return c.json(exported, 200);
    },
  );
}
