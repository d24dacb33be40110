/**
 * No personal data in logs: a whole case life with distinctive values, through the HTTP API,
 * refusals included, then the deadline sweep (the scheduled function, its digest e-mails
 * included) and the statistics projector, every log line captured at DEBUG. None of the person's
 * values may appear in any of them.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { logger } from '../../shared/logger.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';
import { aProjector } from '../support/projector.ts';

const person = {
  firstName: 'Zéphirine',
  lastName: 'Quatorze',
  birthDate: '1987-03-14',
  gender: 'female',
  phone: '0692 14 14 14',
  email: 'zephirine.quatorze@exemple.test',
  postalCode: '97439',
  city: 'Sainte-Rose',
};
const reason = 'Hébergée chez sa tante à Piton-Sainte-Rose depuis sa sortie de maternité.';
const summary = 'Recherche d’un studio près du marché forain de Bras-Panon.';
const privateNote = 'Confie une rechute liée à l’alcool ; cure envisagée à Cilaos.';
const justification = 'Entrée en formation de cordonnière reportée à septembre.';
const decisionReason = 'Renouvellement accordé pour la formation de cordonnière.';
const objective = 'Obtenir le CAP de cordonnerie';

/** Each value, and the parts of it a log could quote alone. */
const secrets = [
  person.firstName,
  person.lastName,
  person.email,
  'zephirine.quatorze',
  person.phone,
  '0692141414',
  person.birthDate,
  'Piton-Sainte-Rose',
  'Bras-Panon',
  'Cilaos',
  'cordonnière',
  'cordonnerie',
];

const dayMs = 86_400_000;
let current = new Date('2026-01-05T06:00:00.000Z');
const clock = {
  now: () => current,
  advanceDays(days: number) {
    current = new Date(current.getTime() + days * dayMs);
  },
  /** The day it is in La Réunion (UTC+4). */
  today: () => new Date(current.getTime() + 4 * 3_600_000).toISOString().slice(0, 10),
};

const captured: string[] = [];
const ses = mockClient(SESv2Client);
let stopCapture: () => void = () => undefined;
let world: ApiWorld;

beforeAll(async () => {
  world = await anApiWorld(clock.now);
  ses.on(SendEmailCommand).resolves({ MessageId: 'test-message' });
  const capture = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  // At each warm invocation Powertools puts the level back to its initial one (the tests'
  // SILENT) for its debug sampling: the functions invoked here must log at DEBUG too.
  const sampling = vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => {});
  // As an operator would with POWERTOOLS_LOGGER_LOG_EVENT: each function logs the event it got,
  // the stream records' images of her items included.
  const events = vi.spyOn(logger, 'getLogEvent').mockReturnValue(true);
  stopCapture = () => {
    out.mockRestore();
    err.mockRestore();
    sampling.mockRestore();
    events.mockRestore();
    logger.setLogLevel(level);
  };
}, 120_000);

afterAll(() => {
  stopCapture();
  ses.reset();
  vi.unstubAllEnvs();
});

const aSchedulerContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'appui-deadlines',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:appui-deadlines',
  memoryLimitInMB: '512',
  awsRequestId: 'request-log-scan',
  logGroupName: '/aws/lambda/appui-deadlines',
  logStreamName: '2026/02/10/[$LATEST]0123456789abcdef',
  // The deployed function's timeout (5 minutes, schedules-stack.ts), which middy races it against.
  getRemainingTimeInMillis: () => 300_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

async function expectStatus(response: Response, status: number): Promise<Response> {
  if (response.status !== status) {
    expect({ status: response.status, body: await response.clone().text() }).toEqual({ status });
  }
  return response;
}

function etagOf(response: Response): string {
  const tag = response.headers.get('etag');
  if (tag === null) throw new Error(`no ETag on a ${response.status} answer`);
  return tag;
}

describe('the logs of a whole case life', () => {
  it('hold no value of the person, and yet say what happened', async () => {
    // The stream is read from here on, as the projector in AWS would from its creation: the demo
    // world's records are passed over, not projected (that took most of the test's time, and all
    // of it at DEBUG, every event logged; none of them holds a value of hers).
    const projector = aProjector(world.adminDb, world.tableName);
    await projector.collect();
    const token = async (email: string) => world.tokenFor(world.user(email));
    const prescriber = await token(demoAccounts.franceTravail);
    const referentUser = world.user(demoAccounts.reunionReferents[0] ?? '');
    const referent = await world.tokenFor(referentUser);
    const admin = await token(demoAccounts.reunionAdmin);
    const kazEmploi = world.demo.structures.find(
      (structure) => structure.name === 'Association Kaz’Emploi',
    );
    if (kazEmploi === undefined) throw new Error('no Kaz’Emploi in the demo world');
    const post = (who: string, path: string, body: unknown, ifMatch?: string) =>
      world.call(who, 'POST', path, {
        body,
        headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
      });
    const referralBody = {
      structureId: kazEmploi.id,
      person,
      situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
      barriers: ['housing', 'addiction'],
      specificPublics: ['single-parent'],
      context: 'upstream-of-employment',
      reason,
      consent: true,
    };

    // Refused requests carrying the values: 401, 422, 404.
    await expectStatus(await world.call(undefined, 'GET', '/api/v1/cases'), 401);
    await expectStatus(
      await post(prescriber, '/api/v1/referrals', {
        ...referralBody,
        person: { ...person, birthDate: '1800-01-01', postalCode: 'Quatorze' },
      }),
      422,
    );

    // Filed, accepted, diagnosed, contracted.
    const filed = await expectStatus(
      await post(prescriber, '/api/v1/referrals', referralBody),
      201,
    );
    const { id: referralId } = (await filed.json()) as { id: string };
    clock.advanceDays(1);
    const accepted = await expectStatus(
      await post(
        referent,
        `/api/v1/inbox/${referralId}/accept`,
        { referentId: referentUser.id },
        '"1"',
      ),
      200,
    );
    const { caseId } = (await accepted.json()) as { caseId: string };
    const diagnosed = await expectStatus(
      await post(
        referent,
        `/api/v1/cases/${caseId}/diagnostics`,
        { stage: 'entry', scoredOn: clock.today(), scores: { housing: 3, addiction: 2 } },
        '"1"',
      ),
      201,
    );
    const signed = await expectStatus(
      await post(
        referent,
        `/api/v1/cases/${caseId}/contract`,
        {
          signedOn: clock.today(),
          objectives: [objective],
          personCommitments: 'Venir aux rendez-vous de Bras-Panon chaque mardi.',
          structureCommitments: 'Accompagner Zéphirine aux démarches de cordonnerie.',
        },
        etagOf(diagnosed),
      ),
      200,
    );
    const refusedEntry = {
      kind: 'interview',
      date: clock.today(),
      durationMinutes: 0,
      topics: ['housing'],
      actions: ['procedures'],
      partners: ['caf'],
      summary,
      privateNote,
    };
    await expectStatus(
      await post(referent, `/api/v1/cases/${caseId}/journal`, refusedEntry, etagOf(signed)),
      422,
    );
    await expectStatus(
      await post(
        referent,
        '/api/v1/cases/0192f000-0000-7000-8000-000000000014/journal',
        { ...refusedEntry, durationMinutes: 60 },
        '"1"',
      ),
      404,
    );
    const contact = await expectStatus(
      await post(
        referent,
        `/api/v1/cases/${caseId}/journal`,
        { ...refusedEntry, durationMinutes: 60 },
        etagOf(signed),
      ),
      201,
    );
    await expectStatus(await world.call(admin, 'GET', `/api/v1/cases/${caseId}`), 200);

    // Three weeks without contact: the morning sweep raises an alert labelled with her first
    // name, and the référent's digest goes out (to a mocked SES).
    clock.advanceDays(21);
    vi.stubEnv('TABLE_NAME', world.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', inject('dynamoEndpoint'));
    const { handler } = await import('../../functions/deadlines/handler.ts');
    const swept = await handler(
      { date: clock.today(), timeZones: ['Indian/Reunion'] },
      aSchedulerContext,
    );
    expect(swept.alertsRaised).toBeGreaterThan(0);

    // Renewal, decision, exit.
    const requested = await expectStatus(
      await post(referent, `/api/v1/cases/${caseId}/renewal`, { justification }, etagOf(contact)),
      200,
    );
    const version = Number(etagOf(requested).replaceAll('"', ''));
    const decided = await expectStatus(
      await post(
        admin,
        `/api/v1/cases/${caseId}/renewal/decision`,
        { grant: true, reason: decisionReason },
        `"${version}"`,
      ),
      200,
    );
    await expectStatus(
      await post(
        referent,
        `/api/v1/cases/${caseId}/exit`,
        { date: clock.today(), outcome: 'qualifying-training' },
        etagOf(decided),
      ),
      200,
    );
    await expectStatus(await world.call(prescriber, 'GET', `/api/v1/referrals/${referralId}`), 200);

    // Her rights: a rectification (a refused one first), its history, the export of her data.
    const exited = await world.call(admin, 'GET', `/api/v1/cases/${caseId}`);
    await expectStatus(
      await post(
        admin,
        `/api/v1/cases/${caseId}/rectification`,
        { person: { email: 'pas-une-adresse', city: 'Piton-Sainte-Rose' }, reason: summary },
        etagOf(exited),
      ),
      422,
    );
    await expectStatus(
      await post(
        admin,
        `/api/v1/cases/${caseId}/rectification`,
        { person: { lastName: 'Quatorze-Cilaos', phone: null }, reason: privateNote },
        etagOf(exited),
      ),
      200,
    );
    await expectStatus(await world.call(referent, 'GET', `/api/v1/cases/${caseId}/history`), 200);
    await expectStatus(await world.call(admin, 'GET', `/api/v1/personal-data/${caseId}`), 200);

    // The statistics projector reads the stream: every image of her items goes through it.
    await projector.pump();

    const lines = captured
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines.some((line) => line.includes('authentication refused'))).toBe(true);
    expect(lines.some((line) => line.includes('Deadline sweep done'))).toBe(true);
    expect(lines.some((line) => line.includes('Daily digest done'))).toBe(true);
    expect(lines.some((line) => line.includes('Statistics projected'))).toBe(true);
    const images = lines.filter((line) => line.includes('"NewImage"') && line.includes(caseId));
    expect(images.length).toBeGreaterThan(0);
    const leaks = lines.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
    // The values were really there to leak: the digest e-mail (not a log) names her.
    expect(
      JSON.stringify(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input)),
    ).toContain(person.firstName);
  }, 180_000);
});
