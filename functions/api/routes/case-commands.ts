/**
 * The commands of a case file, one row each: a POST under `/cases/{id}` that carries the version
 * read (If-Match), allowed by its operation of the rights table, answered with its status.
 */
import type { Context } from 'hono';
import type { Operation } from '../../../shared/auth/rights.ts';
import { makePlanAppointment } from '../../../shared/cases/appointments/plan-appointment.ts';
import { makeRecordAttendance } from '../../../shared/cases/appointments/record-attendance.ts';
import type { SupportCase } from '../../../shared/cases/case.ts';
import { makeSignContract } from '../../../shared/cases/contract/sign-contract.ts';
import { makeRecordDiagnostic } from '../../../shared/cases/diagnostic/record-diagnostic.ts';
import { makeCorrectExit } from '../../../shared/cases/exit/correct-exit.ts';
import { makeExitCase } from '../../../shared/cases/exit/exit-case.ts';
import { makeReassignCase } from '../../../shared/cases/file/reassign-case.ts';
import { makeAddJournalEntry } from '../../../shared/cases/journal/add-journal-entry.ts';
import { makeDecideRenewal } from '../../../shared/cases/renewal/decide-renewal.ts';
import { makeRequestRenewal } from '../../../shared/cases/renewal/request-renewal.ts';
import {
  AppointmentInput,
  AppointmentParams,
  AppointmentResult,
  AttendanceInput,
  Case,
  ContractInput,
  DiagnosticInput,
  DiagnosticResult,
  ExitInput,
  JournalInput,
  JournalResult,
  ReassignInput,
  RenewalDecisionInput,
  RenewalRequestInput,
} from '../../../shared/cases/schemas.ts';
import { IdParam, IfMatchHeader } from '../../../shared/common/schemas.ts';
import type { AuthEnv } from '../../../shared/http/auth.ts';
import type { StructureActor } from '../../../shared/use-case.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag, ifMatchVersion } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  type resourceRouter,
  versionProblems,
  type z,
} from '../openapi-kit.ts';

const tags = ['Structures – dossiers'];
const structure = ['referent', 'structure-admin'] as const;
type Params = typeof IdParam | typeof AppointmentParams;
type CaseRouter = ReturnType<typeof resourceRouter>;

/** What a command's use case is given: the caller, the path's ids, the version read, the body. */
interface CommandCall<P extends Params, B extends z.ZodType> {
  actor: StructureActor;
  params: z.output<P>;
  version: number;
  body: z.output<B>;
}

/** How a command answers: its schema, and the body and version read from the use case's result. */
interface CommandAnswer<T> {
  schema: z.ZodType;
  description: string;
  body: (result: T) => object;
  version: (result: T) => number;
}

/** One row of the table. */
interface CaseCommand<P extends Params, B extends z.ZodType, T> {
  /** Its operation of the rights table: names it in the document, decides who may call it. */
  operation: Operation;
  method: 'post';
  path: `/{id}${string}`;
  summary: string;
  params: P;
  body: B;
  useCase: (deps: ApiDeps) => (call: CommandCall<P, B>) => Promise<T>;
  status: 200 | 201;
  answer: CommandAnswer<T>;
}

/** A use case that takes the body as it is: `(actor, caseId, version, input)`. */
function withBody<I, T>(run: (actor: StructureActor, id: string, version: number, input: I) => T) {
  return (call: { actor: StructureActor; params: { id: string }; version: number; body: I }) =>
    run(call.actor, call.params.id, call.version, call.body);
}

/** The answer of a change of the case: the case itself. */
const theCase: CommandAnswer<SupportCase> = {
  schema: Case,
  description: 'Le dossier après la modification',
  body: (saved) => saved,
  version: (saved) => saved.version,
};

/** The answer of something added to the case: the case and what was added. */
function caseAnd<K extends string, T extends { supportCase: SupportCase } & Record<K, unknown>>(
  key: K,
  schema: z.ZodType,
  description: string,
): CommandAnswer<T> {
  return {
    schema,
    description,
    body: (result) => ({ case: result.supportCase, [key]: result[key] }),
    version: (result) => result.supportCase.version,
  };
}

/** Mounts one row on `router`: its route in the document, its handler. */
function mount<P extends Params, B extends z.ZodType, T>(
  router: CaseRouter,
  deps: ApiDeps,
  row: CaseCommand<P, B, T>,
): void {
  const run = row.useCase(deps);
  const route = guardedRoute(row.operation, {
    method: row.method,
    path: row.path,
    tags,
    summary: row.summary,
    request: { params: row.params, headers: IfMatchHeader, body: jsonBody(row.body) },
    responses: {
      [row.status]: json(row.answer.schema, row.answer.description),
      ...versionProblems,
    },
  });
  const handler = async (
    c: Context<AuthEnv, string, { out: { param: z.output<P>; json: z.output<B> } }>,
  ) => {
    const result = await run({
      actor: actorOf(c, structure),
      params: c.req.valid('param'),
      version: ifMatchVersion(c),
      body: c.req.valid('json'),
    });
    c.header('ETag', etag(row.answer.version(result)));
    return c.json(row.answer.body(result), row.status);
  };
  router.openapi(route, handler);
}

/** A row, its schema, use case and answer checked against each other; and how to mount it. */
function command<P extends Params, B extends z.ZodType, T>(row: CaseCommand<P, B, T>) {
  const { operation, method, path, status } = row;
  return {
    operation,
    method,
    path,
    status,
    mount: (router: CaseRouter, deps: ApiDeps) => mount(router, deps, row),
  };
}

export const caseCommands = [
  command({
    operation: 'case.contract',
    method: 'post',
    path: '/{id}/contract',
    summary: 'Signer le contrat (période 1 : six mois)',
    params: IdParam,
    body: ContractInput,
    useCase: (deps) => withBody(makeSignContract(deps)),
    status: 200,
    answer: theCase,
  }),
  command({
    operation: 'case.journal',
    method: 'post',
    path: '/{id}/journal',
    summary: 'Ajouter un contact au journal',
    params: IdParam,
    body: JournalInput,
    useCase: (deps) => withBody(makeAddJournalEntry(deps)),
    status: 201,
    answer: caseAnd('entry', JournalResult, 'Entrée ajoutée'),
  }),
  command({
    operation: 'case.diagnostic',
    method: 'post',
    path: '/{id}/diagnostics',
    summary: 'Noter les freins de 0 à 3 (à l’entrée, au renouvellement, à la sortie)',
    params: IdParam,
    body: DiagnosticInput,
    useCase: (deps) => withBody(makeRecordDiagnostic(deps)),
    status: 201,
    answer: caseAnd('scores', DiagnosticResult, 'Diagnostic enregistré'),
  }),
  command({
    operation: 'case.appointment',
    method: 'post',
    path: '/{id}/appointments',
    summary: 'Planifier un rendez-vous',
    params: IdParam,
    body: AppointmentInput,
    useCase: (deps) => withBody(makePlanAppointment(deps)),
    status: 201,
    answer: caseAnd('appointment', AppointmentResult, 'Rendez-vous planifié'),
  }),
  command({
    operation: 'case.attendance',
    method: 'post',
    path: '/{id}/appointments/{appointmentId}/attendance',
    summary: 'Noter la présence à un rendez-vous passé',
    params: AppointmentParams,
    body: AttendanceInput,
    useCase: (deps) => {
      const recordAttendance = makeRecordAttendance(deps);
      return ({ actor, params, version, body }) =>
        recordAttendance(actor, params.id, version, params.appointmentId, body.attendance);
    },
    status: 200,
    answer: caseAnd('appointment', AppointmentResult, 'Présence notée'),
  }),
  command({
    operation: 'case.renewal.request',
    method: 'post',
    path: '/{id}/renewal',
    summary: 'Demander le renouvellement (une seule fois)',
    params: IdParam,
    body: RenewalRequestInput,
    useCase: (deps) => {
      const requestRenewal = makeRequestRenewal(deps);
      return ({ actor, params, version, body }) =>
        requestRenewal(actor, params.id, version, body.justification);
    },
    status: 200,
    answer: theCase,
  }),
  command({
    operation: 'case.renewal.decide',
    method: 'post',
    path: '/{id}/renewal/decision',
    summary: 'Accorder ou refuser le renouvellement',
    params: IdParam,
    body: RenewalDecisionInput,
    useCase: (deps) => withBody(makeDecideRenewal(deps)),
    status: 200,
    answer: theCase,
  }),
  command({
    operation: 'case.exit',
    method: 'post',
    path: '/{id}/exit',
    summary: 'Clore le dossier : date et issue',
    params: IdParam,
    body: ExitInput,
    useCase: (deps) => withBody(makeExitCase(deps)),
    status: 200,
    answer: theCase,
  }),
  command({
    operation: 'case.exit.correct',
    method: 'post',
    path: '/{id}/exit/correction',
    summary: 'Corriger la date ou l’issue d’une sortie enregistrée par erreur',
    params: IdParam,
    body: ExitInput,
    useCase: (deps) => withBody(makeCorrectExit(deps)),
    status: 200,
    answer: theCase,
  }),
  command({
    operation: 'case.reassign',
    method: 'post',
    path: '/{id}/referent',
    summary: 'Confier le dossier à un autre référent',
    params: IdParam,
    body: ReassignInput,
    useCase: (deps) => {
      const reassign = makeReassignCase(deps);
      return ({ actor, params, version, body }) =>
        reassign(actor, params.id, version, body.referentId);
    },
    status: 200,
    answer: theCase,
  }),
];
