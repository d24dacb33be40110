/**
 * The case file's use cases. A read is one Query plus its access-log line; a write is one
 * Query of the file (rules, version, open alerts) plus one transaction holding the new case,
 * what it adds, the alerts it resolves and its access-log line: two DynamoDB calls at most.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { alertItem } from '../alerts/alert.ts';
import { addDays, dateIn } from '../common/dates.ts';
import { newId } from '../common/ids.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import type { Item } from '../data/item.ts';
import { orgPrefix, tenantPrefix } from '../data/keys.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { caseDeadlines, stillHolds } from '../deadlines/deadline-rules.ts';
import { defaultDeadlineSettings } from '../deadlines/deadline-settings.ts';
import {
  CaseClosedError,
  ConflictError,
  type InvalidField,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { userKey } from '../identity/user.ts';
import type { ExitOutcome } from '../measure/vocabulary.ts';
import { structureKey } from '../organisations/structure.ts';
import { referralKey } from '../referrals/referral.ts';
import { referralFollowUpKey } from '../referrals/referral-follow-up.ts';
import { notFound, reaching, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { type Appointment, appointmentItem } from './appointments/appointment.ts';
import { caseItem, type SupportCase } from './case.ts';
import * as rules from './case-rules.ts';
import {
  type CaseFile,
  type CaseFilter,
  getCase,
  listAccessLog,
  listCases,
  readCaseFile,
} from './case-store.ts';
import { type BarrierScores, barrierScoresItem } from './diagnostic/barrier-scores.ts';
import { type AccessLogEntry, accessLogItem } from './file/access-log.ts';
import { type JournalEntry, journalEntryItem } from './journal/journal-entry.ts';
/** A référent reaches the cases assigned to them; a structure-admin every case of the structure. */
export function reaches(actor: StructureActor, supportCase: SupportCase): boolean {
  return actor.role === 'structure-admin' || supportCase.referentId === actor.userId;
}

export function accessLine(
  deps: UseCaseDeps,
  actor: StructureActor,
  caseId: string,
  action: string,
): Item {
  const entry: AccessLogEntry = {
    caseId,
    userId: actor.userId,
    role: actor.role,
    action,
    at: deps.now().toISOString(),
  };
  return accessLogItem(actor.tenantId, entry, randomUUID(), deps.settings.accessLogRetentionDays);
}

/** The case file as its reader may see it: private notes only for their author. */
function asSeenBy(file: CaseFile, actor: StructureActor): CaseFile {
  return {
    ...file,
    journal: file.journal.map((entry) => {
      if (entry.privateNote === undefined || entry.authorId === actor.userId) return entry;
      const { privateNote: _hidden, ...shared } = entry;
      return shared;
    }),
  };
}

export function makeGetCaseFile(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string): Promise<CaseFile> => {
    // The notes in clear: the reader's tenant keys open them (private notes included, hidden below).
    const file = await readCaseFile(withTenantKeys(deps), actor.tenantId, caseId);
    if (file === undefined || !reaches(actor, file.supportCase)) throw notFound('Dossier');
    await deps.db.send(
      new PutCommand({ TableName: deps.tableName, Item: accessLine(deps, actor, caseId, 'read') }),
    );
    return asSeenBy(file, actor);
  };
}

export function makeListCaseload(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    filter: Omit<CaseFilter, 'referentId'> & {
      referentId?: string | undefined;
      /** Only cases whose current period ends within this many days (or has already ended). */
      dueWithinDays?: number | undefined;
    },
  ) => {
    // A référent sees their own caseload whatever they ask; an admin may look at one référent's.
    const referentId = actor.role === 'referent' ? actor.userId : filter.referentId;
    const page = await listCases(deps, actor.tenantId, { ...filter, referentId });
    const { dueWithinDays } = filter;
    if (dueWithinDays === undefined) return page;
    // Filtered here rather than in DynamoDB: "today" is the structure's, from the case's time zone.
    return {
      ...page,
      items: page.items.filter((supportCase) => {
        const endsOn = rules.supportEndsOn(supportCase);
        return (
          supportCase.phase !== 'exited' &&
          endsOn !== undefined &&
          endsOn <= addDays(dateIn(supportCase.timeZone, deps.now()), dueWithinDays)
        );
      }),
    };
  };
}

export function makeGetAccessLog(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    limit: number,
    cursor: string | undefined,
  ) => {
    const supportCase = await getCase(deps, actor.tenantId, caseId);
    if (supportCase === undefined) throw notFound('Dossier');
    return listAccessLog(deps, actor.tenantId, caseId, limit, cursor);
  };
}

export interface Change {
  next: SupportCase;
  /** Items the change creates with the case (a journal entry, scores, an appointment). */
  creates?: Item[];
  /** Other writes that go with it (the follow-up of the prescriber, a structure counter). */
  alongside?: Write[];
  /** Partitions beyond the tenant the change must reach (the prescriber's, on exit). */
  reach?: string[];
  /** What to say when an item it creates is already there. */
  duplicate?: string;
  /** What to say when a `check` write of `alongside` fails. */
  failedCheck?: InvalidField;
  /** Items of the file the change rewrites as they are given (an appointment's attendance). */
  replaces?: Item[];
}

/** The alerts of the file whose cause the change took away: they resolve themselves. */
function resolvedAlerts(file: CaseFile, next: SupportCase, today: string, at: string): Write[] {
  const current = caseDeadlines(next, next.deadlines ?? defaultDeadlineSettings);
  return file.alerts
    .filter((alert) => alert.status !== 'resolved' && !stillHolds(alert, current, today))
    .map(
      (alert): Write => ({
        kind: 'put',
        item: alertItem({ ...alert, status: 'resolved', resolvedAt: at }),
      }),
    );
}

/**
 * The shape of every case write: read the case, refuse what the caller may not reach, check
 * the version they read (`If-Match`), apply the rule, write all of it in one transaction.
 */
export async function changeCase(
  deps: UseCaseDeps,
  actor: StructureActor,
  caseId: string,
  expectedVersion: number,
  action: string,
  apply: (current: SupportCase, today: string, file: CaseFile) => Change,
): Promise<SupportCase> {
  // The whole file in one Query: the rules need the case, and its open alerts may resolve. No
  // rule reads a note, and no change rewrites one: they stay sealed (opening every note of the
  // file on every write cost a decryption per note, and each retry after a 412 paid it again).
  const data = withTenantKeys(deps);
  const file = await readCaseFile(data, actor.tenantId, caseId, { notes: 'sealed' });
  if (file === undefined || !reaches(actor, file.supportCase)) throw notFound('Dossier');
  const current = file.supportCase;
  if (current.version !== expectedVersion) {
    throw new PreconditionFailedError(
      `Le dossier a changé depuis votre lecture (version ${current.version}, vous aviez la ${expectedVersion}) : rechargez-le.`,
    );
  }
  const now = deps.now();
  const today = dateIn(current.timeZone, now);
  const change = apply(current, today, file);
  const saved: SupportCase = { ...change.next, version: current.version + 1 };
  const resolved = resolvedAlerts(file, saved, today, now.toISOString());
  // One operation per item in a transaction: an alert that resolves is not also rewritten.
  const resolvedKeys = new Set(
    resolved.map((write) => (write.kind === 'put' ? write.item.SK : '')),
  );
  const writes: Write[] = [
    { kind: 'replace', item: caseItem(saved), expectedVersion: current.version },
    ...(change.creates ?? []).map((item): Write => ({ kind: 'create', item })),
    ...(change.replaces ?? [])
      .filter((item) => !resolvedKeys.has(item.SK))
      .map((item): Write => ({ kind: 'put', item })),
    ...(change.alongside ?? []),
    ...resolved,
    { kind: 'put', item: accessLine(deps, actor, caseId, action) },
  ];
  try {
    // The notes of what it writes are sealed on the way (write.ts).
    await reaching(change.reach ?? [], () =>
      writeTogether(deps.db, deps.tableName, writes, data.tenantKeys),
    );
  } catch (error: unknown) {
    if (!(error instanceof WritesStoppedError)) throw error;
    if (error.stopped.includes(0)) {
      throw new PreconditionFailedError(
        'Le dossier a été modifié en même temps par quelqu’un d’autre : rechargez-le.',
      );
    }
    if (
      change.failedCheck !== undefined &&
      error.stopped.some((index) => writes[index]?.kind === 'check')
    ) {
      throw new ValidationError([change.failedCheck]);
    }
    throw new ConflictError(change.duplicate ?? 'Cet élément existe déjà dans le dossier.');
  }
  return saved;
}

export function makeSignContract(deps: UseCaseDeps) {
  return (actor: StructureActor, caseId: string, version: number, input: rules.ContractInput) =>
    changeCase(deps, actor, caseId, version, 'write:contract', (current, today) => ({
      next: rules.signContract(current, input, today),
    }));
}

export interface JournalInput {
  kind: JournalEntry['kind'];
  date: string;
  durationMinutes: number;
  topics: JournalEntry['topics'];
  actions: JournalEntry['actions'];
  partners: JournalEntry['partners'];
  summary: string;
  privateNote?: string | undefined;
}

export function makeAddJournalEntry(deps: UseCaseDeps) {
  return async (actor: StructureActor, caseId: string, version: number, input: JournalInput) => {
    const entry: JournalEntry = { ...input, id: newId(deps.now()), caseId, authorId: actor.userId };
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:journal',
      (current, today) => ({
        next: rules.recordContact(current, entry, today),
        creates: [journalEntryItem(actor.tenantId, entry)],
      }),
    );
    return { supportCase: saved, entry };
  };
}

export function makeRecordDiagnostic(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: {
      stage: BarrierScores['stage'];
      scoredOn: string;
      scores: BarrierScores['scores'];
      /** Free text about the diagnostic, sealed with the tenant's key. */
      notes?: string | undefined;
    },
  ) => {
    const scores: BarrierScores = { caseId, ...input };
    if (Object.keys(input.scores).length === 0) {
      throw new ValidationError([{ name: 'scores', reason: 'au moins un domaine doit être noté' }]);
    }
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:diagnostic',
      (current, today) => {
        if (input.scoredOn > today) {
          throw new ValidationError([
            { name: 'scoredOn', reason: 'la date ne peut pas être dans le futur' },
          ]);
        }
        // The stage's item is created, never replaced: a second scoring of a stage stops the transaction.
        rules.checkScoring(current, scores, false);
        rules.refuseBeforeReferral(current, input.scoredOn, 'scoredOn');
        return {
          next: current,
          creates: [barrierScoresItem(actor.tenantId, scores)],
          duplicate: `Le diagnostic de l’étape « ${input.stage} » est déjà enregistré pour ce dossier.`,
        };
      },
    );
    return { supportCase: saved, scores };
  };
}

export function makePlanAppointment(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: { at: string; durationMinutes: number; kind: Appointment['kind'] },
  ) => {
    const appointment: Appointment = {
      ...input,
      id: newId(deps.now()),
      caseId,
      plannedBy: actor.userId,
    };
    const saved = await changeCase(deps, actor, caseId, version, 'write:appointment', (current) => {
      if (current.phase === 'exited') {
        throw new ConflictError(
          'Le dossier est clos : on ne peut plus y planifier de rendez-vous.',
        );
      }
      rules.refuseBeforeReferral(current, dateIn(current.timeZone, new Date(input.at)), 'at');
      return { next: current, creates: [appointmentItem(actor.tenantId, appointment)] };
    });
    return { supportCase: saved, appointment };
  };
}

export function makeRecordAttendance(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    appointmentId: string,
    attendance: NonNullable<Appointment['attendance']>,
  ) => {
    let recorded: Appointment | undefined;
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:attendance',
      (current, _today, file) => {
        const planned = file.appointments.find((appointment) => appointment.id === appointmentId);
        if (planned === undefined) throw notFound('Rendez-vous');
        if (current.phase === 'exited') {
          throw new CaseClosedError('Le dossier est clos : la présence ne se note plus.');
        }
        const now = deps.now();
        if (Date.parse(planned.at) > now.getTime()) {
          throw new ConflictError('La présence se note une fois le rendez-vous passé.');
        }
        recorded = { ...planned, attendance, attendanceRecordedAt: now.toISOString() };
        return { next: current, replaces: [appointmentItem(actor.tenantId, recorded)] };
      },
    );
    if (recorded === undefined) throw new Error('attendance was not recorded');
    return { supportCase: saved, appointment: recorded };
  };
}

export function makeRequestRenewal(deps: UseCaseDeps) {
  return (actor: StructureActor, caseId: string, version: number, justification: string) =>
    changeCase(deps, actor, caseId, version, 'write:renewal-request', (current) => ({
      next: rules.requestRenewal(current, {
        justification,
        requestedBy: actor.userId,
        at: deps.now().toISOString(),
      }),
    }));
}

export function makeDecideRenewal(deps: UseCaseDeps) {
  return (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: { grant: boolean; reason: string },
  ) =>
    changeCase(deps, actor, caseId, version, 'write:renewal-decision', (current) => ({
      next: rules.decideRenewal(current, {
        ...input,
        decidedBy: actor.userId,
        at: deps.now().toISOString(),
      }),
    }));
}

export function makeExitCase(deps: UseCaseDeps) {
  return (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: { date: string; outcome: ExitOutcome },
  ) =>
    changeCase(deps, actor, caseId, version, 'write:exit', (current, today) => {
      const next = rules.exitCase(current, input, today);
      return {
        next,
        // The loop closes: the prescriber's follow-up and the referral carry the coded outcome;
        // the structure has one more free place.
        alongside: [
          ...outcomeToPrescriber(current, input.outcome),
          {
            kind: 'add',
            key: structureKey(current.tenantId),
            attribute: 'activeCases',
            delta: -1,
          },
        ],
        reach: [orgPrefix(current.orgId)],
      };
    });
}

/** The coded outcome, on the referral and on its prescriber's follow-up: all they see of the case. */
function outcomeToPrescriber(current: SupportCase, outcome: ExitOutcome): Write[] {
  return [
    {
      kind: 'set',
      key: referralFollowUpKey(current.orgId, current.referralId),
      values: { exitOutcome: outcome },
      bumpVersion: true,
    },
    {
      kind: 'set',
      key: referralKey(current.tenantId, current.referralId),
      values: { exitOutcome: outcome },
    },
  ];
}

export function makeCorrectExit(deps: UseCaseDeps) {
  return (
    actor: StructureActor,
    caseId: string,
    version: number,
    input: { date: string; outcome: ExitOutcome },
  ) =>
    changeCase(deps, actor, caseId, version, 'write:exit-correction', (current, today) => ({
      next: rules.correctExit(current, input, today),
      // The prescriber's follow-up and the referral carry the corrected outcome.
      alongside: outcomeToPrescriber(current, input.outcome),
      reach: [orgPrefix(current.orgId)],
    }));
}

/** The roles that can be a case's référent unique (in a small structure, its director too). */
export const referentRoles = ['referent', 'structure-admin'];

/** A write that holds only if `userId` is a référent (or the admin) of the tenant. */
export function referentCheck(tenantId: string, userId: string): Write {
  return {
    kind: 'check',
    key: userKey(tenantPrefix(tenantId), userId),
    attribute: 'role',
    oneOf: referentRoles,
  };
}

export function makeReassignCase(deps: UseCaseDeps) {
  return (actor: StructureActor, caseId: string, version: number, referentId: string) =>
    changeCase(deps, actor, caseId, version, 'write:reassign', (current, _today, file) => ({
      next: rules.reassign(current, referentId),
      alongside: [referentCheck(actor.tenantId, referentId)],
      failedCheck: { name: 'referentId', reason: 'ce référent n’appartient pas à la structure' },
      // The alerts still to deal with follow the case to its new référent.
      replaces: file.alerts
        .filter((raised) => raised.status !== 'resolved')
        .map((raised) => alertItem({ ...raised, recipientId: referentId })),
    }));
}
