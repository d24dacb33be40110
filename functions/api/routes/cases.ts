import type { Operation } from '../../../shared/auth/rights.ts';
import { makePlanAppointment } from '../../../shared/cases/appointments/plan-appointment.ts';
import { makeRecordAttendance } from '../../../shared/cases/appointments/record-attendance.ts';
import { makeSignContract } from '../../../shared/cases/contract/sign-contract.ts';
import { makeRecordDiagnostic } from '../../../shared/cases/diagnostic/record-diagnostic.ts';
import { makeCorrectExit } from '../../../shared/cases/exit/correct-exit.ts';
import { makeExitCase } from '../../../shared/cases/exit/exit-case.ts';
import { makeGetAccessLog } from '../../../shared/cases/file/get-access-log.ts';
import { makeGetCaseFile } from '../../../shared/cases/file/get-case-file.ts';
import { makeListCaseload } from '../../../shared/cases/file/list-caseload.ts';
import { makeReassignCase } from '../../../shared/cases/file/reassign-case.ts';
import { makeAddJournalEntry } from '../../../shared/cases/journal/add-journal-entry.ts';
import { makeDecideRenewal } from '../../../shared/cases/renewal/decide-renewal.ts';
import { makeRequestRenewal } from '../../../shared/cases/renewal/request-renewal.ts';
import type { SupportCase } from '../../../shared/domain/entities.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag, ifMatchVersion } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  problems,
  resourceRouter,
  versionProblems,
  type z,
} from '../openapi-kit.ts';
import {
  AccessLogPage,
  AppointmentInput,
  AppointmentParams,
  AppointmentResult,
  AttendanceInput,
  Case,
  CaseFile,
  CasePage,
  CaseQuery,
  ContractInput,
  DiagnosticInput,
  DiagnosticResult,
  ExitInput,
  IdParam,
  IfMatchHeader,
  JournalInput,
  JournalResult,
  PageQuery,
  ReassignInput,
  RenewalDecisionInput,
  RenewalRequestInput,
} from '../schemas.ts';

const tags = ['Structures – dossiers'];
const structure = ['referent', 'structure-admin'] as const;

/** Something added to the case file (201), answered with the case and what was added. */
function caseAddition<T extends z.ZodType, R extends z.ZodType>(
  operation: Operation,
  path: string,
  summary: string,
  body: T,
  result: R,
  added: string,
) {
  return guardedRoute(operation, {
    method: 'post',
    path,
    tags,
    summary,
    request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(body) },
    responses: { 201: json(result, added), ...versionProblems },
  });
}

/** A change of the case answered by the case itself: same route shape for every such operation. */
function caseChange<T extends z.ZodType>(
  operation: Operation,
  path: string,
  summary: string,
  body: T,
) {
  return guardedRoute(operation, {
    method: 'post',
    path,
    tags,
    summary,
    request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(body) },
    responses: { 200: json(Case, 'Le dossier après la modification'), ...versionProblems },
  });
}

export function caseRoutes(deps: ApiDeps) {
  const caseload = makeListCaseload(deps);
  const caseFile = makeGetCaseFile(deps);
  const accessLog = makeGetAccessLog(deps);
  const signContract = makeSignContract(deps);
  const addJournalEntry = makeAddJournalEntry(deps);
  const recordDiagnostic = makeRecordDiagnostic(deps);
  const planAppointment = makePlanAppointment(deps);
  const recordAttendance = makeRecordAttendance(deps);
  const requestRenewal = makeRequestRenewal(deps);
  const correctExit = makeCorrectExit(deps);
  const decideRenewal = makeDecideRenewal(deps);
  const exitCase = makeExitCase(deps);
  const reassign = makeReassignCase(deps);

  const answer = (
    c: { header: (name: string, value: string) => void },
    supportCase: SupportCase,
  ) => {
    c.header('ETag', etag(supportCase.version));
    return supportCase;
  };

  return resourceRouter()
    .openapi(
      guardedRoute('case.list', {
        method: 'get',
        path: '/cases',
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
        path: '/cases/{id}',
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
        path: '/cases/{id}/access-log',
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
    )
    .openapi(
      caseChange(
        'case.contract',
        '/cases/{id}/contract',
        'Signer le contrat (période 1 : six mois)',
        ContractInput,
      ),
      async (c) => {
        const saved = await signContract(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        return c.json(answer(c, saved), 200);
      },
    )
    .openapi(
      caseAddition(
        'case.journal',
        '/cases/{id}/journal',
        'Ajouter un contact au journal',
        JournalInput,
        JournalResult,
        'Entrée ajoutée',
      ),
      async (c) => {
        const result = await addJournalEntry(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        c.header('ETag', etag(result.supportCase.version));
        return c.json({ case: result.supportCase, entry: result.entry }, 201);
      },
    )
    .openapi(
      caseAddition(
        'case.diagnostic',
        '/cases/{id}/diagnostics',
        'Noter les freins de 0 à 3 (à l’entrée, au renouvellement, à la sortie)',
        DiagnosticInput,
        DiagnosticResult,
        'Diagnostic enregistré',
      ),
      async (c) => {
        const result = await recordDiagnostic(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        c.header('ETag', etag(result.supportCase.version));
        return c.json({ case: result.supportCase, scores: result.scores }, 201);
      },
    )
    .openapi(
      caseAddition(
        'case.appointment',
        '/cases/{id}/appointments',
        'Planifier un rendez-vous',
        AppointmentInput,
        AppointmentResult,
        'Rendez-vous planifié',
      ),
      async (c) => {
        const result = await planAppointment(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        c.header('ETag', etag(result.supportCase.version));
        return c.json({ case: result.supportCase, appointment: result.appointment }, 201);
      },
    )
    .openapi(
      guardedRoute('case.attendance', {
        method: 'post',
        path: '/cases/{id}/appointments/{appointmentId}/attendance',
        tags,
        summary: 'Noter la présence à un rendez-vous passé',
        request: {
          params: AppointmentParams,
          headers: IfMatchHeader,
          body: jsonBody(AttendanceInput),
        },
        responses: { 200: json(AppointmentResult, 'Présence notée'), ...versionProblems },
      }),
      async (c) => {
        const { id, appointmentId } = c.req.valid('param');
        const result = await recordAttendance(
          actorOf(c, structure),
          id,
          ifMatchVersion(c),
          appointmentId,
          c.req.valid('json').attendance,
        );
        c.header('ETag', etag(result.supportCase.version));
        return c.json({ case: result.supportCase, appointment: result.appointment }, 200);
      },
    )
    .openapi(
      caseChange(
        'case.renewal.request',
        '/cases/{id}/renewal',
        'Demander le renouvellement (une seule fois)',
        RenewalRequestInput,
      ),
      async (c) => {
        const saved = await requestRenewal(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json').justification,
        );
        return c.json(answer(c, saved), 200);
      },
    )
    .openapi(
      caseChange(
        'case.renewal.decide',
        '/cases/{id}/renewal/decision',
        'Accorder ou refuser le renouvellement',
        RenewalDecisionInput,
      ),
      async (c) => {
        const saved = await decideRenewal(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        return c.json(answer(c, saved), 200);
      },
    )
    .openapi(
      caseChange('case.exit', '/cases/{id}/exit', 'Clore le dossier : date et issue', ExitInput),
      async (c) => {
        const saved = await exitCase(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        return c.json(answer(c, saved), 200);
      },
    )
    .openapi(
      caseChange(
        'case.exit.correct',
        '/cases/{id}/exit/correction',
        'Corriger la date ou l’issue d’une sortie enregistrée par erreur',
        ExitInput,
      ),
      async (c) => {
        const saved = await correctExit(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        return c.json(answer(c, saved), 200);
      },
    )
    .openapi(
      caseChange(
        'case.reassign',
        '/cases/{id}/referent',
        'Confier le dossier à un autre référent',
        ReassignInput,
      ),
      async (c) => {
        const saved = await reassign(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json').referentId,
        );
        return c.json(answer(c, saved), 200);
      },
    );
}
