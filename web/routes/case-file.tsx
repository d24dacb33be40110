/**
 * The case file's routes, under `/structure/dossiers`: the page, each of its forms, the access
 * log. A form posts the version it was drawn from; a stale one is a 412 page, nothing is written.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ZodType, z } from 'zod';
import type { Operation } from '../../shared/auth/rights.ts';
import { makePlanAppointment } from '../../shared/cases/appointments/plan-appointment.ts';
import { makeRecordAttendance } from '../../shared/cases/appointments/record-attendance.ts';
import { makeSignContract } from '../../shared/cases/contract/sign-contract.ts';
import { makeRecordDiagnostic } from '../../shared/cases/diagnostic/record-diagnostic.ts';
import { makeExitCase } from '../../shared/cases/exit/exit-case.ts';
import { makeGetAccessLog } from '../../shared/cases/file/get-access-log.ts';
import { makeGetCaseFile } from '../../shared/cases/file/get-case-file.ts';
import { makeReassignCase } from '../../shared/cases/file/reassign-case.ts';
import { makeAddJournalEntry } from '../../shared/cases/journal/add-journal-entry.ts';
import { makeDecideRenewal } from '../../shared/cases/renewal/decide-renewal.ts';
import { makeRequestRenewal } from '../../shared/cases/renewal/request-renewal.ts';
import {
  AppointmentInput,
  AttendanceInput,
  ContractInput,
  DiagnosticInput,
  ExitInput,
  JournalInput,
  ReassignInput,
  RenewalDecisionInput,
  RenewalRequestInput,
} from '../../shared/cases/schemas.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { PageQuery } from '../../shared/common/schemas.ts';
import type { InvalidField } from '../../shared/errors.ts';
import { actorOf, allow } from '../../shared/http/guards.ts';
import { makeListTeam } from '../../shared/identity/list-team.ts';
import { regions } from '../../shared/measure/territory.ts';
import { barrierDomains } from '../../shared/measure/vocabulary.ts';
import type { StructureActor } from '../../shared/use-case.ts';
import { type PortalEnv, page, postedForm, seeOther, viewerOf } from '../area.tsx';
import type { PortalDeps } from '../deps.ts';
import { instantOf } from '../format.ts';
import {
  calendarDate,
  type FormValues,
  formVersion,
  integer,
  lines,
  optionalText,
  yesNo,
} from '../forms.ts';
import { AccessLogPage } from '../pages/structure/case-file/access-log.tsx';
import { CaseFilePage } from '../pages/structure/case-file/index.tsx';
import type { CaseForm, RefusedForm } from '../pages/structure/case-file/props.ts';
import { nextPageLink, queryOf } from '../query.ts';
import { submit } from '../submit.ts';
import { paramOf } from './prescriber.tsx';
import { adminRole, makeTeamOf, structureRoles } from './structure-access.ts';

const chosen = (values: FormValues, name: string) =>
  values.get(name) === '' ? undefined : values.get(name);

/** The time zones of the territories: the only ones an appointment form may name. */
const timeZones: ReadonlySet<string> = new Set(
  Object.values(regions).map((region) => region.timeZone),
);

/** Each form of the case file: its fields shaped as the API's body, and the use case it calls. */
interface CaseAction<S extends ZodType> {
  form: CaseForm;
  path: string;
  operation: Operation;
  schema: S;
  input: (values: FormValues) => unknown;
  run: (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: z.output<S>,
    c: Context<PortalEnv>,
  ) => Promise<unknown>;
}

export function caseFileRoutes(deps: PortalDeps) {
  const caseFile = makeGetCaseFile(deps);
  const accessLog = makeGetAccessLog(deps);
  const listTeam = makeListTeam(deps);
  const teamOf = makeTeamOf(deps);
  const signContract = makeSignContract(deps);
  const addJournalEntry = makeAddJournalEntry(deps);
  const recordDiagnostic = makeRecordDiagnostic(deps);
  const planAppointment = makePlanAppointment(deps);
  const recordAttendance = makeRecordAttendance(deps);
  const requestRenewal = makeRequestRenewal(deps);
  const decideRenewal = makeDecideRenewal(deps);
  const exitCase = makeExitCase(deps);
  const reassign = makeReassignCase(deps);

  const casePage = async (c: Context<PortalEnv>, id: string, refused?: RefusedForm) => {
    const actor = actorOf(c, structureRoles);
    const [file, team] = await Promise.all([caseFile(actor, id), teamOf(c)]);
    return page(
      c,
      <CaseFilePage
        viewer={viewerOf(c)}
        file={file}
        team={team}
        today={dateIn(file.supportCase.timeZone, deps.now())}
        refused={refused}
        saved={refused === undefined ? c.req.query('enregistre') : undefined}
      />,
      refused === undefined ? 200 : 422,
    );
  };

  const app = new Hono<PortalEnv>()
    .get('/:id', allow('case.get'), (c) => casePage(c, paramOf(c.req.param('id')).id))
    .get('/:id/acces', allow('case.access-log'), async (c) => {
      const actor = actorOf(c, adminRole);
      const { id } = paramOf(c.req.param('id'));
      const { limit, cursor } = queryOf(c, PageQuery);
      const [file, log, team] = await Promise.all([
        caseFile(actor, id),
        accessLog(actor, id, limit, cursor),
        listTeam(actor),
      ]);
      return page(
        c,
        <AccessLogPage
          viewer={viewerOf(c)}
          supportCase={file.supportCase}
          entries={log.items}
          team={team}
          next={nextPageLink(c, log.cursor)}
        />,
      );
    });

  /** Each form of the case file: POST, then back to its section (or the page again with its errors). */
  function register<S extends ZodType>(spec: CaseAction<S>): void {
    app.post(spec.path, allow(spec.operation), async (c) => {
      const actor = actorOf(c, structureRoles);
      const { id } = paramOf(c.req.param('id') ?? '');
      const values = postedForm(c);
      const version = formVersion(values);
      return submit({
        values,
        schema: spec.schema,
        input: spec.input(values),
        run: (input) => spec.run(actor, id, version, input, c),
        done: () =>
          seeOther(c, `/structure/dossiers/${id}?enregistre=${spec.form}#${sectionOf(spec.form)}`),
        refused: (errors: InvalidField[]) =>
          casePage(c, id, {
            form: spec.form,
            appointmentId: c.req.param('appointmentId'),
            values,
            errors,
          }),
      });
    });
  }

  register({
    form: 'diagnostic',
    path: '/:id/diagnostic',
    operation: 'case.diagnostic',
    schema: DiagnosticInput,
    input: (values) => ({
      stage: chosen(values, 'stage'),
      scoredOn: calendarDate(values, 'scoredOn'),
      scores: Object.fromEntries(
        barrierDomains.codes
          .filter((code) => values.get(`scores.${code}`) !== '')
          .map((code) => [code, integer(values, `scores.${code}`)]),
      ),
      notes: optionalText(values, 'notes'),
    }),
    run: (actor, id, version, input) => recordDiagnostic(actor, id, version, input),
  });
  register({
    form: 'contrat',
    path: '/:id/contrat',
    operation: 'case.contract',
    schema: ContractInput,
    input: (values) => ({
      signedOn: calendarDate(values, 'signedOn'),
      objectives: lines(values, 'objectives'),
      personCommitments: values.get('personCommitments'),
      structureCommitments: values.get('structureCommitments'),
    }),
    run: (actor, id, version, input) => signContract(actor, id, version, input),
  });
  register({
    form: 'journal',
    path: '/:id/journal',
    operation: 'case.journal',
    schema: JournalInput,
    input: (values) => ({
      kind: chosen(values, 'kind'),
      date: calendarDate(values, 'date'),
      durationMinutes: integer(values, 'durationMinutes'),
      topics: values.all('topics'),
      actions: values.all('actions'),
      partners: values.all('partners'),
      summary: values.get('summary'),
      privateNote: optionalText(values, 'privateNote'),
    }),
    run: (actor, id, version, input) => addJournalEntry(actor, id, version, input),
  });
  register({
    form: 'rendez-vous',
    path: '/:id/rendez-vous',
    operation: 'case.appointment',
    schema: AppointmentInput,
    input: (values) => {
      const day = calendarDate(values, 'at') ?? '';
      const zone = values.get('timeZone');
      return {
        at:
          instantOf(
            day,
            values.get('atTime').trim(),
            timeZones.has(zone) ? zone : 'Europe/Paris',
          ) ?? day,
        durationMinutes: integer(values, 'durationMinutes'),
        kind: chosen(values, 'kind'),
      };
    },
    run: (actor, id, version, input) => planAppointment(actor, id, version, input),
  });
  register({
    form: 'presence',
    path: '/:id/rendez-vous/:appointmentId/presence',
    operation: 'case.attendance',
    schema: AttendanceInput,
    input: (values) => ({ attendance: chosen(values, 'attendance') }),
    run: (actor, id, version, input, c) =>
      recordAttendance(
        actor,
        id,
        version,
        paramOf(c.req.param('appointmentId') ?? '').id,
        input.attendance,
      ),
  });
  register({
    form: 'renouvellement',
    path: '/:id/renouvellement',
    operation: 'case.renewal.request',
    schema: RenewalRequestInput,
    input: (values) => ({ justification: values.get('justification') }),
    run: (actor, id, version, input) => requestRenewal(actor, id, version, input.justification),
  });
  register({
    form: 'decision',
    path: '/:id/renouvellement/decision',
    operation: 'case.renewal.decide',
    schema: RenewalDecisionInput,
    input: (values) => ({ grant: yesNo(values, 'grant'), reason: values.get('reason') }),
    run: (actor, id, version, input) => decideRenewal(actor, id, version, input),
  });
  register({
    form: 'sortie',
    path: '/:id/sortie',
    operation: 'case.exit',
    schema: ExitInput,
    input: (values) => ({ date: calendarDate(values, 'date'), outcome: chosen(values, 'outcome') }),
    run: (actor, id, version, input) => exitCase(actor, id, version, input),
  });
  register({
    form: 'referent',
    path: '/:id/referent',
    operation: 'case.reassign',
    schema: ReassignInput,
    input: (values) => ({ referentId: values.get('referentId') }),
    run: (actor, id, version, input) => reassign(actor, id, version, input.referentId),
  });

  return app;
}

/** The section of the page a form belongs to, where the browser lands after saving. */
function sectionOf(form: CaseForm): string {
  switch (form) {
    case 'diagnostic':
      return 'freins';
    case 'presence':
      return 'rendez-vous';
    case 'decision':
      return 'renouvellement';
    default:
      return form;
  }
}
