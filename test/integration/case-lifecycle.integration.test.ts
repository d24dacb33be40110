/**
 * A person's whole support through the HTTP API on DynamoDB Local, with the clock in the test's
 * hands: referral, acceptance, diagnostic, contract, weekly contacts, renewal, exit, and the
 * outcome back to the prescriber. Then each refusal on its own: status, French sentence, and
 * nothing changed. Every test builds its own demo world.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { appointment } from '../../shared/cases/appointments/appointment.ts';
import { supportCase } from '../../shared/cases/case.ts';
import { barrierScores } from '../../shared/cases/diagnostic/barrier-scores.ts';
import { accessLogEntry } from '../../shared/cases/file/access-log.ts';
import { journalEntry } from '../../shared/cases/journal/journal-entry.ts';
import type { User } from '../../shared/identity/user.ts';
import { referral } from '../../shared/referrals/referral.ts';
import { referralFollowUp } from '../../shared/referrals/referral-follow-up.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

const dayMs = 86_400_000;
/** A Monday, 10:00 in La Réunion (UTC+4, no summer time). */
const start = new Date('2026-01-05T06:00:00.000Z');

/** A clock the test moves: the API reads it for every date it records. */
function aClock(at: Date) {
  let current = at;
  return {
    now: () => current,
    advanceDays(days: number) {
      current = new Date(current.getTime() + days * dayMs);
    },
    set(instant: string) {
      current = new Date(instant);
    },
    instant: () => current.toISOString(),
    /** The calendar day it is in La Réunion. */
    today: () => new Date(current.getTime() + 4 * 3_600_000).toISOString().slice(0, 10),
  };
}

const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  invalidFields: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});
const directory = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), freePlaces: z.int() })),
});
const followUpPage = z.object({ items: z.array(referralFollowUp) });
const inboxPage = z.object({ items: z.array(referral) });
const casePage = z.object({ items: z.array(supportCase) });
const acceptResult = z.object({ referral, caseId: z.string() });
const caseFile = z.object({
  case: supportCase,
  barrierScores: z.array(barrierScores),
  journal: z.array(journalEntry),
  appointments: z.array(appointment),
});
const journalResult = z.object({ case: supportCase, entry: journalEntry });
const diagnosticResult = z.object({ case: supportCase, scores: barrierScores });
const appointmentResult = z.object({ case: supportCase, appointment });
const accessLogPage = z.object({ items: z.array(accessLogEntry) });

interface Actor {
  user: User;
  token: string;
}

/** The people of La Réunion's demo territory, and Tremplin 93 for what lies outside it. */
async function theCast(world: ApiWorld) {
  const actor = async (email: string): Promise<Actor> => {
    const user = world.user(email);
    return { user, token: await world.tokenFor(user) };
  };
  const structureNamed = (name: string) => {
    const found = world.demo.structures.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no demo structure ${name}`);
    return found;
  };
  return {
    prescriber: await actor(demoAccounts.franceTravail),
    referent: await actor(demoAccounts.reunionReferents[0]),
    otherReferent: await actor(demoAccounts.reunionReferents[1]),
    admin: await actor(demoAccounts.reunionAdmin),
    mainlandAdmin: await actor(demoAccounts.mainlandAdmin),
    kazEmploi: structureNamed('Association Kaz’Emploi'),
    tremplin: structureNamed('Tremplin 93'),
  };
}
type Cast = Awaited<ReturnType<typeof theCast>>;

function aReferralBody(structureId: string) {
  return {
    structureId,
    person: {
      firstName: 'Gilberte',
      lastName: 'Grondin',
      birthDate: '1981-06-14',
      gender: 'female',
      phone: '0692 12 34 56',
      email: 'gilberte.grondin@example.test',
      postalCode: '97400',
      city: 'Saint-Denis',
    },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    barriers: ['housing', 'mobility', 'childcare'],
    specificPublics: ['single-parent'],
    context: 'upstream-of-employment',
    reason:
      'Mère isolée de deux enfants, hébergée chez un tiers : elle souhaite un accompagnement global avant de reprendre une formation.',
    consent: true,
  };
}

function aContact(date: string, summary: string, privateNote?: string) {
  return {
    kind: 'interview',
    date,
    durationMinutes: 60,
    topics: ['housing'],
    actions: ['procedures'],
    partners: ['caf'],
    summary,
    ...(privateNote === undefined ? {} : { privateNote }),
  };
}

const aContract = (signedOn: string) => ({
  signedOn,
  objectives: ['Trouver un logement autonome', 'Entrer en formation d’aide-soignante'],
  personCommitments: 'Venir aux rendez-vous hebdomadaires et prévenir en cas d’empêchement.',
  structureCommitments: 'Un entretien par semaine et l’accompagnement aux démarches de logement.',
});

/** Asserts the status, showing the body when it is not the expected one. */
async function expectStatus(response: Response, status: number): Promise<void> {
  if (response.status !== status) {
    expect({ status: response.status, body: await response.clone().text() }).toEqual({ status });
  }
}

async function read<T>(response: Response, status: number, schema: z.ZodType<T>): Promise<T> {
  await expectStatus(response, status);
  return schema.parse(await response.json());
}

async function problemOf(response: Response, status: number) {
  await expectStatus(response, status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return problem.parse(await response.json());
}

function etagOf(response: Response): string {
  const tag = response.headers.get('etag');
  if (tag === null) throw new Error(`no ETag on a ${response.status} answer`);
  return tag;
}

function post(world: ApiWorld, actor: Actor, path: string, body: unknown, ifMatch?: string) {
  return world.call(actor.token, 'POST', path, {
    body,
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
  });
}

async function readCase(world: ApiWorld, actor: Actor, caseId: string) {
  const response = await world.call(actor.token, 'GET', `/api/v1/cases/${caseId}`);
  const file = await read(response, 200, caseFile);
  return { etag: etagOf(response), file };
}

async function readInboxReferral(world: ApiWorld, actor: Actor, referralId: string) {
  const response = await world.call(actor.token, 'GET', `/api/v1/inbox/${referralId}`);
  return { etag: etagOf(response), referral: await read(response, 200, referral) };
}

async function inboxOf(world: ApiWorld, actor: Actor, status = 'submitted') {
  const response = await world.call(actor.token, 'GET', `/api/v1/inbox?status=${status}&limit=100`);
  return (await read(response, 200, inboxPage)).items;
}

async function freePlacesOf(world: ApiWorld, cast: Cast): Promise<number | undefined> {
  const response = await world.call(cast.prescriber.token, 'GET', '/api/v1/directory');
  const { items } = await read(response, 200, directory);
  return items.find((entry) => entry.id === cast.kazEmploi.id)?.freePlaces;
}

/** A referral the prescriber has just filed to Kaz’Emploi (version 1). */
async function aFiledReferral(world: ApiWorld, cast: Cast): Promise<string> {
  const response = await post(
    world,
    cast.prescriber,
    '/api/v1/referrals',
    aReferralBody(cast.kazEmploi.id),
  );
  return (await read(response, 201, referralFollowUp)).id;
}

/** A case just opened: the référent accepted the referral for themself (version 1). */
async function anOpenCase(world: ApiWorld, cast: Cast) {
  const referralId = await aFiledReferral(world, cast);
  const response = await post(
    world,
    cast.referent,
    `/api/v1/inbox/${referralId}/accept`,
    { referentId: cast.referent.user.id },
    '"1"',
  );
  const { caseId } = await read(response, 200, acceptResult);
  return { caseId, etag: '"1"' };
}

/** A case whose contract was signed today, in period 1. */
async function aSignedCase(world: ApiWorld, cast: Cast, today: string) {
  const opened = await anOpenCase(world, cast);
  const response = await post(
    world,
    cast.referent,
    `/api/v1/cases/${opened.caseId}/contract`,
    aContract(today),
    opened.etag,
  );
  await expectStatus(response, 200);
  return { caseId: opened.caseId, etag: etagOf(response) };
}

/** A signed case, exited today. */
async function anExitedCase(world: ApiWorld, cast: Cast, today: string) {
  const signed = await aSignedCase(world, cast, today);
  const response = await post(
    world,
    cast.referent,
    `/api/v1/cases/${signed.caseId}/exit`,
    { date: today, outcome: 'qualifying-training' },
    signed.etag,
  );
  await expectStatus(response, 200);
  return { caseId: signed.caseId, etag: etagOf(response) };
}

describe('the life of a case through the API', () => {
  it('walks a referral to a case, through six months and a renewal, to an exit its prescriber sees', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const { prescriber, referent, admin, kazEmploi } = cast;
    const expectedLog: { userId: string; action: string; at: string }[] = [];
    const logged = (actor: Actor, action: string) =>
      expectedLog.push({ userId: actor.user.id, action, at: clock.instant() });

    // The prescriber looks for a structure of its territory with free places.
    const directoryAnswer = await world.call(prescriber.token, 'GET', '/api/v1/directory');
    const { items: structures } = await read(directoryAnswer, 200, directory);
    const freePlaces = kazEmploi.capacity - kazEmploi.activeCases;
    expect(structures).toEqual([
      expect.objectContaining({ id: kazEmploi.id, name: 'Association Kaz’Emploi', freePlaces }),
    ]);
    expect(freePlaces).toBeGreaterThan(0);

    // It files a referral, retries it with the same key, then misuses the key for another body.
    const body = aReferralBody(kazEmploi.id);
    const key = 'prescription-2026-01-05-gilberte';
    const first = await world.call(prescriber.token, 'POST', '/api/v1/referrals', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    const filed = await read(first, 201, referralFollowUp);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.headers.get('location')).toBe(`/api/v1/referrals/${filed.id}`);
    expect(filed).toMatchObject({
      status: 'submitted',
      tenantId: kazEmploi.id,
      structureName: 'Association Kaz’Emploi',
      prescriberId: prescriber.user.id,
      person: { firstName: 'Gilberte', lastName: 'Grondin' },
      submittedAt: clock.instant(),
      version: 1,
    });

    const retry = await world.call(prescriber.token, 'POST', '/api/v1/referrals', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(await read(retry, 200, referralFollowUp)).toEqual(filed);
    expect(retry.headers.get('etag')).toBe('"1"');
    expect(retry.headers.get('location')).toBe(`/api/v1/referrals/${filed.id}`);

    const misuse = await world.call(prescriber.token, 'POST', '/api/v1/referrals', {
      body: { ...body, reason: 'Une tout autre personne, une tout autre raison.' },
      headers: { 'Idempotency-Key': key },
    });
    const misused = await problemOf(misuse, 422);
    expect(misused.invalidFields).toEqual([
      { name: 'Idempotency-Key', reason: 'cette clé a déjà servi pour une autre prescription' },
    ]);

    // The structure's inbox holds the referral once.
    const pendingInDemo = world.demo.referrals.filter(
      (candidate) => candidate.tenantId === kazEmploi.id && candidate.status === 'submitted',
    ).length;
    const inbox = await inboxOf(world, referent);
    expect(inbox).toHaveLength(pendingInDemo + 1);
    expect(inbox.filter((item) => item.person.lastName === 'Grondin')).toEqual([
      expect.objectContaining({ id: filed.id }),
    ]);
    const received = await readInboxReferral(world, referent, filed.id);
    expect(received.etag).toBe('"1"');
    expect(received.referral).toMatchObject({
      status: 'submitted',
      person: body.person,
      barriers: body.barriers,
      specificPublics: body.specificPublics,
      consent: { recordedAt: clock.instant(), recordedBy: prescriber.user.id },
    });

    // The référent accepts it for themself: the case opens, and the structure has one place less.
    clock.advanceDays(1);
    const acceptAnswer = await post(
      world,
      referent,
      `/api/v1/inbox/${filed.id}/accept`,
      { referentId: referent.user.id },
      received.etag,
    );
    const accepted = await read(acceptAnswer, 200, acceptResult);
    logged(referent, 'write:open');
    expect(accepted.referral).toMatchObject({ status: 'accepted', answeredAt: clock.instant() });
    expect(acceptAnswer.headers.get('location')).toBe(`/api/v1/cases/${accepted.caseId}`);
    expect(await freePlacesOf(world, cast)).toBe(freePlaces - 1);
    const caseId = accepted.caseId;

    const opened = await readCase(world, referent, caseId);
    logged(referent, 'read');
    expect(opened.etag).toBe('"1"');
    expect(opened.file.case).toMatchObject({
      phase: 'intake',
      referentId: referent.user.id,
      referralId: filed.id,
      acceptedAt: clock.instant(),
      person: body.person,
    });

    // Entry diagnostic, then the contract three days later: period 1 ends six months on, less a day.
    const diagnosticAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/diagnostics`,
      {
        stage: 'entry',
        scoredOn: clock.today(),
        scores: { housing: 3, mobility: 2, childcare: 3 },
      },
      opened.etag,
    );
    const diagnostic = await read(diagnosticAnswer, 201, diagnosticResult);
    logged(referent, 'write:diagnostic');
    expect(diagnostic.scores).toEqual({
      caseId,
      stage: 'entry',
      scoredOn: '2026-01-06',
      scores: { housing: 3, mobility: 2, childcare: 3 },
    });
    expect(etagOf(diagnosticAnswer)).toBe('"2"');

    clock.advanceDays(3);
    const contractAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/contract`,
      aContract(clock.today()),
      etagOf(diagnosticAnswer),
    );
    const signed = await read(contractAnswer, 200, supportCase);
    logged(referent, 'write:contract');
    expect(signed.phase).toBe('period-1');
    expect(signed.contract).toMatchObject({ signedOn: '2026-01-09', period1EndsOn: '2026-07-08' });
    let version = etagOf(contractAnswer);

    // Weekly contacts; the second one carries a note for its author only.
    const privateNote = 'Évoque des violences passées : ne pas en parler devant les enfants.';
    for (const week of [1, 2, 3, 4]) {
      clock.advanceDays(7);
      const contactAnswer = await post(
        world,
        referent,
        `/api/v1/cases/${caseId}/journal`,
        aContact(
          clock.today(),
          `Point hebdomadaire n° ${week} sur le logement.`,
          week === 2 ? privateNote : undefined,
        ),
        version,
      );
      const contact = await read(contactAnswer, 201, journalResult);
      logged(referent, 'write:journal');
      expect(contact.case.lastContactOn).toBe(clock.today());
      version = etagOf(contactAnswer);
    }

    const seenByAuthor = await readCase(world, referent, caseId);
    logged(referent, 'read');
    const seenByAdmin = await readCase(world, admin, caseId);
    logged(admin, 'read');
    expect(seenByAuthor.file.journal).toHaveLength(4);
    expect(seenByAuthor.file.journal.filter((entry) => entry.privateNote === privateNote)).toEqual([
      expect.objectContaining({ summary: 'Point hebdomadaire n° 2 sur le logement.' }),
    ]);
    expect(seenByAdmin.file.journal.map((entry) => entry.summary)).toContain(
      'Point hebdomadaire n° 2 sur le logement.',
    );
    expect(seenByAdmin.file.journal.every((entry) => entry.privateNote === undefined)).toBe(true);
    expect(JSON.stringify(seenByAdmin.file)).not.toContain('violences');

    // An appointment in two days, its attendance noted once it has passed.
    const appointmentAt = new Date(clock.now().getTime() + 2 * dayMs).toISOString();
    const plannedAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/appointments`,
      { at: appointmentAt, durationMinutes: 45, kind: 'interview' },
      version,
    );
    const planned = await read(plannedAnswer, 201, appointmentResult);
    logged(referent, 'write:appointment');
    clock.advanceDays(3);
    const attendanceAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/appointments/${planned.appointment.id}/attendance`,
      { attendance: 'seen' },
      etagOf(plannedAnswer),
    );
    const attended = await read(attendanceAnswer, 200, appointmentResult);
    logged(referent, 'write:attendance');
    expect(attended.appointment).toMatchObject({
      at: appointmentAt,
      attendance: 'seen',
      attendanceRecordedAt: clock.instant(),
    });
    version = etagOf(attendanceAnswer);

    // Five months in: the référent asks for the renewal, the structure-admin grants it.
    clock.set('2026-06-08T05:30:00.000Z');
    const requestAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/renewal`,
      { justification: 'Le logement est trouvé ; l’entrée en formation demande six mois de plus.' },
      version,
    );
    const requested = await read(requestAnswer, 200, supportCase);
    logged(referent, 'write:renewal-request');
    expect(requested.renewal).toMatchObject({
      status: 'requested',
      requestedBy: referent.user.id,
      requestedAt: clock.instant(),
    });

    const beforeDecision = await readCase(world, admin, caseId);
    logged(admin, 'read');
    const decisionAnswer = await post(
      world,
      admin,
      `/api/v1/cases/${caseId}/renewal/decision`,
      { grant: true, reason: 'Progrès nets sur le logement : renouvellement accordé.' },
      beforeDecision.etag,
    );
    const renewed = await read(decisionAnswer, 200, supportCase);
    logged(admin, 'write:renewal-decision');
    expect(renewed.phase).toBe('period-2');
    expect(renewed.renewal).toMatchObject({
      status: 'granted',
      decidedBy: admin.user.id,
      period2EndsOn: '2027-01-08',
    });

    // Near the end of period 2 the person signs a permanent contract: the case exits.
    clock.set('2026-12-14T06:00:00.000Z');
    const exitAnswer = await post(
      world,
      referent,
      `/api/v1/cases/${caseId}/exit`,
      { date: clock.today(), outcome: 'durable-employment' },
      etagOf(decisionAnswer),
    );
    const exited = await read(exitAnswer, 200, supportCase);
    logged(referent, 'write:exit');
    expect(exited).toMatchObject({
      phase: 'exited',
      exit: { date: '2026-12-14', outcome: 'durable-employment' },
    });
    expect(await freePlacesOf(world, cast)).toBe(freePlaces);

    // The loop closes: the prescriber sees the status and the outcome, and nothing of the file.
    const followUpAnswer = await world.call(
      prescriber.token,
      'GET',
      `/api/v1/referrals/${filed.id}`,
    );
    const followUpText = await followUpAnswer.clone().text();
    const followUp = await read(followUpAnswer, 200, referralFollowUp);
    expect(followUp).toMatchObject({
      id: filed.id,
      status: 'accepted',
      exitOutcome: 'durable-employment',
    });
    expect(etagOf(followUpAnswer)).toBe(`"${followUp.version}"`);
    for (const secret of ['Point hebdomadaire', 'violences', 'housing', 'Trouver un logement']) {
      expect(followUpText).not.toContain(secret);
    }
    const caseAsPrescriber = await world.call(prescriber.token, 'GET', `/api/v1/cases/${caseId}`);
    await problemOf(caseAsPrescriber, 403);

    // The structure-admin reads who read and changed the file, and when.
    const logAnswer = await world.call(
      admin.token,
      'GET',
      `/api/v1/cases/${caseId}/access-log?limit=100`,
    );
    const { items: lines } = await read(logAnswer, 200, accessLogPage);
    const byTimeThenWho = (
      a: { at: string; userId: string; action: string },
      b: { at: string; userId: string; action: string },
    ) => `${a.at}${a.userId}${a.action}`.localeCompare(`${b.at}${b.userId}${b.action}`);
    expect(
      lines.map(({ userId, action, at }) => ({ userId, action, at })).sort(byTimeThenWho),
    ).toEqual([...expectedLog].sort(byTimeThenWho));
    expect(lines.map((line) => line.at)).toEqual(
      [...lines.map((line) => line.at)].sort().reverse(),
    );
    expect(new Set(lines.map((line) => line.caseId))).toEqual(new Set([caseId]));
  });
});

describe('what the API refuses, leaving everything as it was', () => {
  it('refuses a second renewal and says why', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const signed = await aSignedCase(world, cast, clock.today());
    const requested = await post(
      world,
      cast.referent,
      `/api/v1/cases/${signed.caseId}/renewal`,
      { justification: 'Six mois de plus pour consolider le projet.' },
      signed.etag,
    );
    await expectStatus(requested, 200);
    const granted = await post(
      world,
      cast.admin,
      `/api/v1/cases/${signed.caseId}/renewal/decision`,
      { grant: true, reason: 'Accordé.' },
      etagOf(requested),
    );
    await expectStatus(granted, 200);
    const before = await readCase(world, cast.referent, signed.caseId);

    const second = await post(
      world,
      cast.referent,
      `/api/v1/cases/${signed.caseId}/renewal`,
      { justification: 'Encore six mois, s’il vous plaît.' },
      before.etag,
    );

    const refusal = await problemOf(second, 409);
    expect(refusal.detail).toBe(
      'Renouvellement impossible : il a déjà été accordé une fois, et la mesure n’en permet pas un second.',
    );
    const after = await readCase(world, cast.referent, signed.caseId);
    expect(after.etag).toBe(before.etag);
    expect(after.file.case).toEqual(before.file.case);
  });

  it('refuses to exit a case twice', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const exited = await anExitedCase(world, cast, clock.today());
    const before = await readCase(world, cast.referent, exited.caseId);

    const again = await post(
      world,
      cast.referent,
      `/api/v1/cases/${exited.caseId}/exit`,
      { date: clock.today(), outcome: 'durable-employment' },
      before.etag,
    );

    const refusal = await problemOf(again, 409);
    expect(refusal.detail).toBe('Ce dossier est déjà sorti le 2026-01-05.');
    const after = await readCase(world, cast.referent, exited.caseId);
    expect(after.file.case).toEqual(before.file.case);
    expect(after.file.case.exit).toEqual({ date: '2026-01-05', outcome: 'qualifying-training' });
  });

  it('refuses a journal entry on a closed case', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const exited = await anExitedCase(world, cast, clock.today());
    const before = await readCase(world, cast.referent, exited.caseId);

    const late = await post(
      world,
      cast.referent,
      `/api/v1/cases/${exited.caseId}/journal`,
      aContact(clock.today(), 'Appel après la sortie.'),
      before.etag,
    );

    const refusal = await problemOf(late, 409);
    expect(refusal.detail).toBe(
      'Le dossier est clos depuis le 2026-01-05 : ajouter une entrée au journal n’est plus possible.',
    );
    const after = await readCase(world, cast.referent, exited.caseId);
    expect(after.file).toEqual(before.file);
  });

  it('refuses a referral to a structure outside the prescriber’s territory, naming structureId', async () => {
    const world = await anApiWorld(() => start);
    const cast = await theCast(world);
    const tremplinInboxBefore = await inboxOf(world, cast.mainlandAdmin);
    const followUpsBefore = await world.call(cast.prescriber.token, 'GET', '/api/v1/referrals');

    const outside = await world.call(cast.prescriber.token, 'POST', '/api/v1/referrals', {
      body: aReferralBody(cast.tremplin.id),
      headers: { 'Idempotency-Key': 'prescription-hors-territoire' },
    });

    const refusal = await problemOf(outside, 422);
    expect(refusal.invalidFields).toEqual([
      { name: 'structureId', reason: 'cette structure n’est pas dans votre territoire' },
    ]);
    expect(refusal.detail).toContain('n’est pas dans votre territoire');
    expect(await inboxOf(world, cast.mainlandAdmin)).toEqual(tremplinInboxBefore);
    const followUpsAfter = await world.call(cast.prescriber.token, 'GET', '/api/v1/referrals');
    expect(await read(followUpsAfter, 200, followUpPage)).toEqual(
      await read(followUpsBefore, 200, followUpPage),
    );
  });

  it('refuses to accept a referral already accepted, even with its current version', async () => {
    const world = await anApiWorld(() => start);
    const cast = await theCast(world);
    const opened = await anOpenCase(world, cast);
    const current = await readInboxReferral(world, cast.admin, opened.caseId);

    const again = await post(
      world,
      cast.admin,
      `/api/v1/inbox/${opened.caseId}/accept`,
      { referentId: cast.otherReferent.user.id },
      current.etag,
    );

    const refusal = await problemOf(again, 409);
    expect(refusal.detail).toBe(
      'Cette prescription est déjà acceptée : on ne peut plus l’accepter.',
    );
    expect(await readInboxReferral(world, cast.admin, opened.caseId)).toEqual(current);
    const file = await readCase(world, cast.admin, opened.caseId);
    expect(file.file.case).toMatchObject({ referentId: cast.referent.user.id, version: 1 });
  });

  it('refuses an update made with a stale If-Match', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const signed = await aSignedCase(world, cast, clock.today());
    expect(signed.etag).toBe('"2"');
    const before = await readCase(world, cast.referent, signed.caseId);

    const stale = await post(
      world,
      cast.referent,
      `/api/v1/cases/${signed.caseId}/journal`,
      aContact(clock.today(), 'Entretien saisi sur une version ancienne.'),
      '"1"',
    );

    const refusal = await problemOf(stale, 412);
    expect(refusal.detail).toBe(
      'Le dossier a changé depuis votre lecture (version 2, vous aviez la 1) : rechargez-le.',
    );
    const after = await readCase(world, cast.referent, signed.caseId);
    expect(after.file).toEqual(before.file);
  });

  it('requires If-Match on an update', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const signed = await aSignedCase(world, cast, clock.today());
    const before = await readCase(world, cast.referent, signed.caseId);

    const blind = await post(
      world,
      cast.referent,
      `/api/v1/cases/${signed.caseId}/journal`,
      aContact(clock.today(), 'Entretien saisi sans version.'),
    );

    const refusal = await problemOf(blind, 428);
    expect(refusal.detail).toMatch(/^Indiquez dans If-Match la version lue/);
    const after = await readCase(world, cast.referent, signed.caseId);
    expect(after.file).toEqual(before.file);
  });

  it('declines a referral with a coded reason and a text, and tells the prescriber the reason', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const referralId = await aFiledReferral(world, cast);
    const freePlaces = await freePlacesOf(world, cast);
    clock.advanceDays(2);

    const declineAnswer = await post(
      world,
      cast.referent,
      `/api/v1/inbox/${referralId}/decline`,
      {
        reason: 'better-suited-support',
        text: 'Le CSAPA de secteur paraît plus adapté pour commencer.',
      },
      '"1"',
    );

    const declined = await read(declineAnswer, 200, referral);
    expect(etagOf(declineAnswer)).toBe('"2"');
    expect(declined).toMatchObject({
      status: 'declined',
      answeredAt: clock.instant(),
      decline: {
        reason: 'better-suited-support',
        text: 'Le CSAPA de secteur paraît plus adapté pour commencer.',
      },
    });
    expect((await inboxOf(world, cast.referent)).map((item) => item.id)).not.toContain(referralId);
    expect((await inboxOf(world, cast.admin, 'declined')).map((item) => item.id)).toContain(
      referralId,
    );
    // A référent sees what waits for an answer, not the people of answered referrals.
    await problemOf(
      await world.call(cast.referent.token, 'GET', '/api/v1/inbox?status=declined'),
      403,
    );
    await problemOf(
      await world.call(cast.referent.token, 'GET', `/api/v1/inbox/${referralId}`),
      404,
    );
    const followUp = await world.call(
      cast.prescriber.token,
      'GET',
      `/api/v1/referrals/${referralId}`,
    );
    expect(await read(followUp, 200, referralFollowUp)).toMatchObject({
      status: 'declined',
      declineReason: 'better-suited-support',
      answeredAt: clock.instant(),
    });
    expect(await freePlacesOf(world, cast)).toBe(freePlaces);
  });

  it('lets a prescriber withdraw a pending referral, which the structure then cannot accept', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const referralId = await aFiledReferral(world, cast);
    const followUpAnswer = await world.call(
      cast.prescriber.token,
      'GET',
      `/api/v1/referrals/${referralId}`,
    );
    await expectStatus(followUpAnswer, 200);
    clock.advanceDays(1);

    const withdrawAnswer = await post(
      world,
      cast.prescriber,
      `/api/v1/referrals/${referralId}/withdraw`,
      undefined,
      etagOf(followUpAnswer),
    );
    const withdrawn = await read(withdrawAnswer, 200, referralFollowUp);
    const inInbox = await readInboxReferral(world, cast.admin, referralId);
    const accept = await post(
      world,
      cast.admin,
      `/api/v1/inbox/${referralId}/accept`,
      { referentId: cast.referent.user.id },
      inInbox.etag,
    );

    expect(withdrawn).toMatchObject({ status: 'withdrawn', answeredAt: clock.instant() });
    expect(inInbox.referral.status).toBe('withdrawn');
    const refusal = await problemOf(accept, 409);
    expect(refusal.detail).toBe(
      'Cette prescription est déjà retirée : on ne peut plus l’accepter.',
    );
    expect(await readInboxReferral(world, cast.admin, referralId)).toEqual(inInbox);
    expect((await inboxOf(world, cast.referent)).map((item) => item.id)).not.toContain(referralId);
    await problemOf(
      await world.call(cast.referent.token, 'GET', `/api/v1/cases/${referralId}`),
      404,
    );
  });

  it('hides a case from a référent it is not assigned to', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const signed = await aSignedCase(world, cast, clock.today());
    const before = await readCase(world, cast.referent, signed.caseId);

    const reading = await world.call(
      cast.otherReferent.token,
      'GET',
      `/api/v1/cases/${signed.caseId}`,
    );
    const writing = await post(
      world,
      cast.otherReferent,
      `/api/v1/cases/${signed.caseId}/journal`,
      aContact(clock.today(), 'Entretien saisi par un autre référent.'),
      before.etag,
    );

    expect((await problemOf(reading, 404)).detail).toBe('Dossier introuvable.');
    expect((await problemOf(writing, 404)).detail).toBe('Dossier introuvable.');
    const after = await readCase(world, cast.referent, signed.caseId);
    expect(after.file).toEqual(before.file);
  });

  it('reassigns a case: the former référent loses it, the new one gets it', async () => {
    const clock = aClock(start);
    const world = await anApiWorld(clock.now);
    const cast = await theCast(world);
    const signed = await aSignedCase(world, cast, clock.today());

    const reassigned = await post(
      world,
      cast.admin,
      `/api/v1/cases/${signed.caseId}/referent`,
      { referentId: cast.otherReferent.user.id },
      signed.etag,
    );

    expect(await read(reassigned, 200, supportCase)).toMatchObject({
      referentId: cast.otherReferent.user.id,
      phase: 'period-1',
    });
    const former = await world.call(cast.referent.token, 'GET', `/api/v1/cases/${signed.caseId}`);
    expect((await problemOf(former, 404)).detail).toBe('Dossier introuvable.');
    const newOne = await readCase(world, cast.otherReferent, signed.caseId);
    expect(newOne.file.case.referentId).toBe(cast.otherReferent.user.id);
    const caseloadOf = async (actor: Actor) => {
      const answer = await world.call(actor.token, 'GET', '/api/v1/cases?limit=100');
      return (await read(answer, 200, casePage)).items.map((item) => item.id);
    };
    expect(await caseloadOf(cast.referent)).not.toContain(signed.caseId);
    expect(await caseloadOf(cast.otherReferent)).toContain(signed.caseId);
  });
});
