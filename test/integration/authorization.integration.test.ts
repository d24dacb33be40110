/**
 * Who may do what, proved on the running API: every role × every /api/v1 operation × a target
 * of the caller's own tenant and one of the other tenant, generated from the rights table and
 * the routes of the OpenAPI document (a new route is covered without being named here, and
 * needs a fixture below to run). Callers are the Réunion users of the demo world; "the other
 * tenant" is Tremplin 93, its organisation and its referrals.
 *
 * Expected: a role the table does not allow gets 403 whatever the target; an allowed role gets
 * 404 on the other tenant's object (the same answer as for an id that exists nowhere), and its
 * operation's documented success on its own. Every write gets a fresh target, written straight
 * into the table, so no test depends on another's data.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { type Alert, alertItem } from '../../shared/alerts/alert.ts';
import { alertId } from '../../shared/alerts/alert-id.ts';
import { isAllowed, type Operation, rights } from '../../shared/auth/rights.ts';
import { type Appointment, appointmentItem } from '../../shared/cases/appointments/appointment.ts';
import { caseItem, type SupportCase } from '../../shared/cases/case.ts';
import { addDays, dateIn, periodEnd } from '../../shared/common/dates.ts';
import { newId } from '../../shared/common/ids.ts';
import type { Item } from '../../shared/data/item.ts';
import { orgPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import { sessionCookieName } from '../../shared/http/auth.ts';
import type { User } from '../../shared/identity/user.ts';
import { type Role, roles } from '../../shared/measure/vocabulary.ts';
import { type Referral, referralItem } from '../../shared/referrals/referral.ts';
import { followUpOf, referralFollowUpItem } from '../../shared/referrals/referral-follow-up.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';
import { aCase, aReferral } from '../support/builders.ts';
import {
  anApiWithoutBackend,
  concretePath,
  describeEndpoint,
  type Endpoint,
  readEndpoints,
} from '../support/endpoints.ts';

/** The routes, read before the tests are collected: each one becomes rows of the tables below. */
const catalogue = await readEndpoints(anApiWithoutBackend());

/** A structure, its organisation, its people: one side of the demo world. */
interface Territory {
  name: string;
  tenantId: string;
  structureName: string;
  timeZone: string;
  orgId: string;
  prescriberId: string;
  funderId: string;
  adminId: string;
  /** The first is the one cases are assigned to; the second, their colleague. */
  referentIds: readonly [string, string];
}

interface Caller {
  role: Role;
  user: User;
  token: string;
  /** The caller's side: its tenant, or its organisation's and funder's territory. */
  home: Territory;
  /** The other side. */
  other: Territory;
}

/** What a request carries besides its method and path template. */
interface RequestParts {
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

interface Fixture {
  /** The operation as a test title says it: 'reading a case'. */
  doing: string;
  /** The 2xx of a success, when the document lists more than one. */
  success?: number;
  /**
   * How a request reaches the other tenant: its object in the path (404), a reference in the
   * body (422), or not at all (a list or a creation: the request names the other tenant in
   * headers, which must change nothing and show nothing of it).
   */
  reach: 'path' | 'body' | 'none';
  /** A case assigned to a référent: their colleague must get 404. */
  assigned?: true;
  /** Writes a fresh target in `territory` when the operation needs one; answers the request. */
  arrange(caller: Caller, territory: Territory): Promise<RequestParts>;
}

let world: ApiWorld;
let reunion: Territory;
let mainland: Territory;
let callers: Record<Role, Caller>;
/** The Réunion référent the fresh cases are not assigned to. */
let colleague: Caller;

beforeAll(async () => {
  world = await anApiWorld();
  reunion = territoryOf('Réunion', {
    admin: demoAccounts.reunionAdmin,
    referents: demoAccounts.reunionReferents,
    prescriber: demoAccounts.franceTravail,
    funder: demoAccounts.reunionFunder,
  });
  mainland = territoryOf('Tremplin 93', {
    admin: demoAccounts.mainlandAdmin,
    referents: demoAccounts.mainlandReferents,
    prescriber: demoAccounts.departement,
    funder: demoAccounts.mainlandFunder,
  });
  const caller = async (role: Role, email: string): Promise<Caller> => {
    const user = world.user(email);
    expect(user.role).toBe(role);
    return { role, user, token: await world.tokenFor(user), home: reunion, other: mainland };
  };
  callers = {
    prescriber: await caller('prescriber', demoAccounts.franceTravail),
    referent: await caller('referent', demoAccounts.reunionReferents[0]),
    'structure-admin': await caller('structure-admin', demoAccounts.reunionAdmin),
    funder: await caller('funder', demoAccounts.reunionFunder),
    'platform-admin': await caller('platform-admin', demoAccounts.platformAdmin),
  };
  colleague = await caller('referent', demoAccounts.reunionReferents[1]);
});

function territoryOf(
  name: string,
  emails: {
    admin: string;
    referents: readonly [string, string];
    prescriber: string;
    funder: string;
  },
): Territory {
  const admin = world.user(emails.admin);
  const prescriber = world.user(emails.prescriber);
  const tenantId = required(admin.tenantId, `${emails.admin}'s tenant`);
  const structure = world.demo.structures.find((candidate) => candidate.id === tenantId);
  if (structure === undefined) throw new Error(`no demo structure ${tenantId}`);
  return {
    name,
    tenantId,
    structureName: structure.name,
    timeZone: structure.timeZone,
    orgId: required(prescriber.orgId, `${emails.prescriber}'s organisation`),
    prescriberId: prescriber.id,
    funderId: required(world.user(emails.funder).funderId, `${emails.funder}'s funder`),
    adminId: admin.id,
    referentIds: [world.user(emails.referents[0]).id, world.user(emails.referents[1]).id],
  };
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`the demo world has no ${what}`);
  return value;
}

/** Every id that would show something of this territory in an answer. */
function idsOf(territory: Territory): string[] {
  return [
    territory.tenantId,
    territory.orgId,
    territory.prescriberId,
    territory.funderId,
    territory.adminId,
    ...territory.referentIds,
  ];
}

// Fresh targets, written behind the API's back with the items' own builders.

async function store(items: Item[]): Promise<void> {
  const { UnprocessedItems } = await world.adminDb.send(
    new BatchWriteCommand({
      RequestItems: { [world.tableName]: items.map((Item) => ({ PutRequest: { Item } })) },
    }),
  );
  expect(UnprocessedItems?.[world.tableName] ?? []).toEqual([]);
}

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();
const today = (territory: Territory): string => dateIn(territory.timeZone, new Date());

function referralIn(territory: Territory, overrides: Partial<Referral>): Referral {
  const submittedAt = overrides.submittedAt ?? daysAgo(3);
  return aReferral({
    id: newId(),
    tenantId: territory.tenantId,
    orgId: territory.orgId,
    prescriberId: territory.prescriberId,
    timeZone: territory.timeZone,
    submittedAt,
    consent: { recordedAt: submittedAt, recordedBy: territory.prescriberId },
    ...overrides,
  });
}

/** A submitted referral, in the structure's inbox and its organisation's follow-ups (version 1). */
async function aFreshReferral(territory: Territory): Promise<Referral> {
  const referral = referralIn(territory, {});
  await store([
    referralItem(referral),
    referralFollowUpItem(followUpOf(referral, territory.structureName, 1)),
  ]);
  return referral;
}

type CaseStage = 'intake' | 'period-1' | 'renewal-requested' | 'exited';

/**
 * A case accepted 60 days ago and assigned to the territory's first référent, with its referral
 * and follow-up (an exit writes to both), at version 1; and, if asked, a past appointment.
 */
async function aFreshCase(
  territory: Territory,
  stage: CaseStage,
  options: { pastAppointment?: boolean } = {},
): Promise<{ supportCase: SupportCase; appointment: Appointment | undefined }> {
  const acceptedAt = daysAgo(60);
  const referral = referralIn(territory, {
    status: 'accepted',
    submittedAt: daysAgo(65),
    answeredAt: acceptedAt,
  });
  const builder = aCase();
  if (stage !== 'intake') {
    const signedOn = addDays(today(territory), -50);
    builder.signed(signedOn, periodEnd(signedOn, 6));
  }
  if (stage === 'renewal-requested') builder.renewalRequested();
  if (stage === 'exited') builder.exited(addDays(today(territory), -2));
  const supportCase: SupportCase = {
    ...builder.build(),
    id: referral.id,
    referralId: referral.id,
    tenantId: territory.tenantId,
    orgId: territory.orgId,
    referentId: territory.referentIds[0],
    acceptedAt,
    timeZone: territory.timeZone,
  };
  const appointment: Appointment | undefined =
    options.pastAppointment === true
      ? {
          id: newId(),
          caseId: supportCase.id,
          at: daysAgo(2),
          durationMinutes: 45,
          kind: 'interview',
          plannedBy: territory.referentIds[0],
        }
      : undefined;
  await store([
    referralItem(referral),
    referralFollowUpItem(followUpOf(referral, territory.structureName, 1)),
    caseItem(supportCase),
    ...(appointment === undefined ? [] : [appointmentItem(territory.tenantId, appointment)]),
  ]);
  return { supportCase, appointment };
}

/** An open alert about a fresh case, addressed to the territory's first référent. */
async function aFreshAlert(territory: Territory): Promise<Alert> {
  const subject = { type: 'case', id: newId() } as const;
  const dueOn = addDays(today(territory), -1);
  const alert: Alert = {
    id: alertId({ subject, kind: 'no-contact', dueOn }),
    tenantId: territory.tenantId,
    subject,
    kind: 'no-contact',
    dueOn,
    raisedOn: today(territory),
    raisedAt: new Date().toISOString(),
    timeZone: territory.timeZone,
    recipientId: territory.referentIds[0],
    status: 'open',
    label: 'Zéphirine (dossier test)',
  };
  await store([alertItem(alert)]);
  return alert;
}

const versionOne = { 'if-match': '"1"' };

/** A case write: a fresh case at `stage`, `If-Match` on its version, and the body. */
function caseWrite(
  doing: string,
  stage: CaseStage,
  body: (caller: Caller, territory: Territory) => Record<string, unknown>,
): Fixture {
  return {
    doing,
    reach: 'path',
    assigned: true,
    arrange: async (caller, territory) => {
      const { supportCase } = await aFreshCase(territory, stage);
      return { params: { id: supportCase.id }, headers: versionOne, body: body(caller, territory) };
    },
  };
}

const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@appui-tests.test`;

/** A minimal valid request for every operation of the rights table (the compiler checks "every"). */
const fixtures: Record<Operation, Fixture> = {
  'directory.list': { doing: 'listing the directory', reach: 'none', arrange: async () => ({}) },
  'referral.file': {
    doing: 'filing a referral',
    success: 201,
    reach: 'body',
    arrange: async (_caller, territory) => ({
      body: {
        structureId: territory.tenantId,
        person: {
          firstName: 'Zéphirine',
          lastName: 'Quatorze',
          birthDate: '1988-04-12',
          gender: 'female',
          postalCode: '97400',
          city: 'Saint-Denis',
        },
        situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
        barriers: ['housing'],
        specificPublics: [],
        context: 'upstream-of-employment',
        reason: 'Besoin d’un accompagnement global avant une reprise d’emploi.',
        consent: true,
      },
    }),
  },
  'referral.list': { doing: 'listing its referrals', reach: 'none', arrange: async () => ({}) },
  'referral.get': {
    doing: 'following a referral',
    reach: 'path',
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshReferral(territory)).id },
    }),
  },
  'referral.withdraw': {
    doing: 'withdrawing a referral',
    reach: 'path',
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshReferral(territory)).id },
      headers: versionOne,
    }),
  },
  'inbox.list': { doing: 'listing the inbox', reach: 'none', arrange: async () => ({}) },
  'inbox.get': {
    doing: 'reading a received referral',
    reach: 'path',
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshReferral(territory)).id },
    }),
  },
  'inbox.accept': {
    doing: 'accepting a referral',
    reach: 'path',
    arrange: async (caller, territory) => ({
      params: { id: (await aFreshReferral(territory)).id },
      headers: versionOne,
      body: { referentId: caller.home.referentIds[0] },
    }),
  },
  'inbox.decline': {
    doing: 'declining a referral',
    reach: 'path',
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshReferral(territory)).id },
      headers: versionOne,
      body: { reason: 'no-capacity', text: 'Plus de place avant trois mois.' },
    }),
  },
  'case.list': { doing: 'listing cases', reach: 'none', arrange: async () => ({}) },
  'case.get': {
    doing: 'reading a case',
    reach: 'path',
    assigned: true,
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshCase(territory, 'intake')).supportCase.id },
    }),
  },
  'case.access-log': {
    doing: 'reading a case’s access log',
    reach: 'path',
    assigned: true,
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshCase(territory, 'intake')).supportCase.id },
    }),
  },
  'case.rectify': caseWrite('rectifying the person’s data', 'intake', () => ({
    person: { lastName: 'Rectifiée', phone: null },
    situation: { registeredWithFranceTravail: false },
    reason: 'À la demande de la personne, pièce d’identité vue.',
  })),
  'case.history': {
    doing: 'reading a case’s history',
    reach: 'path',
    assigned: true,
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshCase(territory, 'intake')).supportCase.id },
    }),
  },
  'person.export': {
    doing: 'exporting a person’s data',
    reach: 'path',
    arrange: async (_caller, territory) => ({
      params: { id: (await aFreshCase(territory, 'period-1')).supportCase.id },
    }),
  },
  'case.diagnostic': caseWrite('scoring a case’s barriers', 'intake', (_caller, territory) => ({
    stage: 'entry',
    scoredOn: addDays(today(territory), -2),
    scores: { housing: 2, mobility: 1 },
  })),
  'case.contract': caseWrite('signing a case’s contract', 'intake', (_caller, territory) => ({
    signedOn: addDays(today(territory), -2),
    objectives: ['Trouver un logement'],
    personCommitments: 'Venir aux rendez-vous chaque semaine.',
    structureCommitments: 'Un entretien par semaine.',
  })),
  'case.journal': caseWrite('adding to a case’s journal', 'intake', (_caller, territory) => ({
    kind: 'interview',
    date: addDays(today(territory), -1),
    durationMinutes: 45,
    topics: ['housing'],
    actions: ['procedures'],
    partners: [],
    summary: 'Point sur la demande de logement.',
  })),
  'case.appointment': caseWrite('planning an appointment', 'intake', () => ({
    at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    durationMinutes: 60,
    kind: 'interview',
  })),
  'case.attendance': {
    doing: 'recording an attendance',
    reach: 'path',
    assigned: true,
    arrange: async (_caller, territory) => {
      const { supportCase, appointment } = await aFreshCase(territory, 'intake', {
        pastAppointment: true,
      });
      return {
        params: { id: supportCase.id, appointmentId: required(appointment?.id, 'appointment') },
        headers: versionOne,
        body: { attendance: 'seen' },
      };
    },
  },
  'case.renewal.request': caseWrite('requesting a renewal', 'period-1', () => ({
    justification: 'Six mois de plus pour consolider l’entrée en formation.',
  })),
  'case.renewal.decide': caseWrite('deciding a renewal', 'renewal-requested', () => ({
    grant: true,
    reason: 'Renouvellement accordé au vu des progrès.',
  })),
  'case.exit': caseWrite('closing a case', 'period-1', (_caller, territory) => ({
    date: addDays(today(territory), -1),
    outcome: 'durable-employment',
  })),
  'case.exit.correct': caseWrite('correcting an exit', 'exited', (_caller, territory) => ({
    date: addDays(today(territory), -1),
    outcome: 'qualifying-training',
  })),
  'case.reassign': caseWrite('reassigning a case', 'period-1', (caller) => ({
    referentId: caller.home.referentIds[1],
  })),
  'alert.list': { doing: 'listing its alerts', reach: 'none', arrange: async () => ({}) },
  'alert.count': { doing: 'counting its alerts', reach: 'none', arrange: async () => ({}) },
  'alert.acknowledge': {
    doing: 'acknowledging an alert',
    reach: 'path',
    assigned: true,
    arrange: async (_caller, territory) => ({ params: { id: (await aFreshAlert(territory)).id } }),
  },
  'stats.territory': {
    doing: 'reading its territory’s statistics',
    reach: 'none',
    arrange: async () => ({}),
  },
  'stats.territory.export': {
    doing: 'exporting its territory’s statistics',
    reach: 'none',
    arrange: async () => ({ query: { table: 'synthese' } }),
  },
  'stats.structure': {
    doing: 'reading its structure’s statistics',
    reach: 'none',
    arrange: async () => ({}),
  },
  'stats.structure.export': {
    doing: 'exporting its structure’s statistics',
    reach: 'none',
    arrange: async () => ({ query: { table: 'sorties', period: '2026' } }),
  },
  'team.list': { doing: 'listing the team', reach: 'none', arrange: async () => ({}) },
  'team.invite': {
    doing: 'inviting a team member',
    reach: 'none',
    arrange: async () => ({
      body: {
        email: uniqueEmail('invite'),
        firstName: 'Aurélie',
        lastName: 'Nouvelle',
        role: 'referent',
      },
    }),
  },
  'platform.structure.create': {
    doing: 'creating a structure',
    reach: 'none',
    arrange: async () => ({
      body: {
        name: 'Association d’essai',
        siret: '81234567890121',
        kind: 'association',
        territory: { region: '04', departement: '974' },
        capacity: 20,
        conventionAmountPerSupportCents: 80_000,
        cofinancing: { esfPercent: 70, statePercent: 30 },
        firstUser: { email: uniqueEmail('direction'), firstName: 'Paule', lastName: 'Directrice' },
      },
    }),
  },
  'platform.org.create': {
    doing: 'creating a prescriber organisation',
    reach: 'none',
    arrange: async () => ({
      body: {
        name: 'Mission locale d’essai',
        kind: 'mission-locale',
        territory: { region: '04', departement: '974' },
        firstUser: { email: uniqueEmail('conseil'), firstName: 'Rémi', lastName: 'Conseiller' },
      },
    }),
  },
};

/** The status of a success: the fixture's, or the only 2xx the document lists. */
function successOf(endpoint: Endpoint): number {
  const { success } = fixtures[endpoint.operation];
  if (success !== undefined) return success;
  const [only, ...others] = endpoint.successStatuses;
  if (only === undefined || others.length > 0) {
    throw new Error(`${describeEndpoint(endpoint)} lists ${endpoint.successStatuses.join(', ')}`);
  }
  return only;
}

/** Headers a client might hope would switch the tenant; the API must read none of them. */
function namingHeaders(territory: Territory): Record<string, string> {
  return {
    'x-tenant-id': territory.tenantId,
    'x-structure-id': territory.tenantId,
    'x-org-id': territory.orgId,
  };
}

async function send(caller: Caller, endpoint: Endpoint, parts: RequestParts): Promise<Response> {
  const query = parts.query === undefined ? '' : `?${new URLSearchParams(parts.query).toString()}`;
  return world.call(
    caller.token,
    endpoint.method,
    `${concretePath(endpoint, parts.params ?? {})}${query}`,
    { body: parts.body, headers: parts.headers },
  );
}

/** The parts of a cell's request: a target on the caller's side, or one reaching the other. */
async function requestFor(caller: Caller, endpoint: Endpoint, side: Side): Promise<RequestParts> {
  const fixture = fixtures[endpoint.operation];
  if (side === 'own') return fixture.arrange(caller, caller.home);
  if (fixture.reach !== 'none') return fixture.arrange(caller, caller.other);
  const parts = await fixture.arrange(caller, caller.home);
  return { ...parts, headers: { ...parts.headers, ...namingHeaders(caller.other) } };
}

/** A problem document without the path it answered: what two refusals must share. */
async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const { instance: _path, ...problem } = z
    .looseObject({ instance: z.string().optional() })
    .parse(await response.json());
  return problem;
}

type Side = 'own' | 'other';
const sides: Side[] = ['own', 'other'];
const allRoles: Role[] = [...roles.codes];

interface Cell {
  endpoint: Endpoint;
  role: Role;
  side: Side;
  /** 403, 404, 422, or the operation's success. */
  status: number;
  title: string;
}

function cellOf(endpoint: Endpoint, role: Role, side: Side): Cell {
  const { doing, reach } = fixtures[endpoint.operation];
  const where = side === 'own' ? 'in its own tenant' : 'in another tenant';
  const as = `a ${role} ${doing}`;
  if (!isAllowed(role, endpoint.operation)) {
    return { endpoint, role, side, status: 403, title: `refuses ${as} ${where}` };
  }
  if (side === 'own') {
    return { endpoint, role, side, status: successOf(endpoint), title: `serves ${as} ${where}` };
  }
  if (reach === 'path') {
    return { endpoint, role, side, status: 404, title: `answers 404 to ${as} ${where}` };
  }
  if (reach === 'body') {
    return { endpoint, role, side, status: 422, title: `answers 422 to ${as} ${where}` };
  }
  return {
    endpoint,
    role,
    side,
    status: successOf(endpoint),
    title: `serves ${as} naming another tenant, and shows nothing of it`,
  };
}

const cells: Cell[] = catalogue.endpoints.flatMap((endpoint) =>
  allRoles.flatMap((role) => sides.map((side) => cellOf(endpoint, role, side))),
);

describe('the endpoint list', () => {
  it('maps every /api/v1 route to an operation of the rights table', () => {
    expect(catalogue.unmapped).toEqual([]);
  });

  it('finds a route for every operation of the rights table', () => {
    expect(catalogue.unserved).toEqual([]);
  });

  it('reads the same routes from the app the tests call', async () => {
    expect(await readEndpoints(world.api)).toEqual(catalogue);
  });
});

describe('who may do what, role by operation by tenant', () => {
  for (const cell of cells) {
    it(cell.title, async () => {
      const caller = callers[cell.role];
      const parts = await requestFor(caller, cell.endpoint, cell.side);

      const response = await send(caller, cell.endpoint, parts);

      const text = await response.clone().text();
      expect(response.status, text).toBe(cell.status);
      for (const id of idsOf(caller.other)) expect(text).not.toContain(id);
      if (cell.status === 404) {
        // The other tenant's object answers exactly as an id that exists nowhere.
        const nowhere = Object.fromEntries(
          cell.endpoint.pathParameters.map((name) => [name, randomUUID()]),
        );
        const unknown = await send(caller, cell.endpoint, { ...parts, params: nowhere });
        expect(unknown.status).toBe(404);
        expect(await problemOf(response)).toEqual(await problemOf(unknown));
      }
    });
  }
});

describe('a référent and their colleague’s cases', () => {
  const assigned = catalogue.endpoints.filter(
    (endpoint) =>
      fixtures[endpoint.operation].assigned === true && isAllowed('referent', endpoint.operation),
  );
  for (const endpoint of assigned) {
    it(`answers 404 to a referent ${fixtures[endpoint.operation].doing} assigned to a colleague`, async () => {
      const parts = await fixtures[endpoint.operation].arrange(colleague, colleague.home);

      const response = await send(colleague, endpoint, parts);

      expect(response.status, await response.clone().text()).toBe(404);
    });
  }
});

describe('requests without a token', () => {
  for (const endpoint of catalogue.endpoints) {
    it(`answers 401 to ${describeEndpoint(endpoint)} without a token`, async () => {
      const path = concretePath(
        endpoint,
        Object.fromEntries(endpoint.pathParameters.map((name) => [name, randomUUID()])),
      );

      const response = await world.call(undefined, endpoint.method, path, {
        body: endpoint.takesBody ? {} : undefined,
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    });
  }
});

describe('requests carrying the portal’s session cookie alone', () => {
  /** The request a page of another origin can make the browser send: the cookie, no token. */
  async function withCookieOnly(caller: Caller, endpoint: Endpoint, parts: RequestParts) {
    return world.call(undefined, endpoint.method, concretePath(endpoint, parts.params ?? {}), {
      body: parts.body,
      headers: { ...parts.headers, cookie: `${sessionCookieName}=${caller.token}` },
    });
  }
  const endpointOf = (operation: Operation): Endpoint => {
    const endpoint = catalogue.endpoints.find((candidate) => candidate.operation === operation);
    if (endpoint === undefined) throw new Error(`no route for ${operation}`);
    return endpoint;
  };

  it('answers 401 problem+json to a body-less acknowledgement, and the alert stays open', async () => {
    const endpoint = endpointOf('alert.acknowledge');
    const parts = await fixtures['alert.acknowledge'].arrange(callers.referent, reunion);
    const before = await partitionsOf(world.adminDb, reunion);

    const response = await withCookieOnly(callers.referent, endpoint, parts);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await partitionsOf(world.adminDb, reunion)).toEqual(before);
  });

  it('answers 401 problem+json to a JSON journal entry, and the journal stays as it was', async () => {
    const endpoint = endpointOf('case.journal');
    const parts = await fixtures['case.journal'].arrange(callers.referent, reunion);
    const before = await partitionsOf(world.adminDb, reunion);

    const response = await withCookieOnly(callers.referent, endpoint, parts);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await partitionsOf(world.adminDb, reunion)).toEqual(before);
  });

  for (const endpoint of catalogue.endpoints) {
    it(`answers 401 to ${describeEndpoint(endpoint)} with the cookie alone`, async () => {
      const role = [...rights[endpoint.operation]][0] ?? 'platform-admin';
      const parts = await fixtures[endpoint.operation].arrange(callers[role], callers[role].home);

      const response = await withCookieOnly(callers[role], endpoint, parts);

      expect(response.status, await response.clone().text()).toBe(401);
    });
  }
});

describe('an invitation naming an address held in another structure', () => {
  it('answers as for a fresh address, and tells the holder by mail', async () => {
    const admin = callers['structure-admin'];
    const holder = world.user(demoAccounts.mainlandReferents[0]);
    const invite = (email: string) =>
      world.call(admin.token, 'POST', '/api/v1/team', {
        body: { email, firstName: 'Claire', lastName: 'Martin', role: 'referent' },
      });
    const mailsBefore = world.mails.length;

    const elsewhere = await invite(holder.email);
    const fresh = await invite(uniqueEmail('claire'));

    expect(elsewhere.status).toBe(202);
    expect(fresh.status).toBe(202);
    const answer = z.record(z.string(), z.unknown());
    const [one, two] = [answer.parse(await elsewhere.json()), answer.parse(await fresh.json())];
    expect(Object.keys(one)).toEqual(Object.keys(two));
    expect({ ...one, email: '' }).toEqual({ ...two, email: '' });
    expect(world.mails.slice(mailsBefore).map((mail) => mail.to)).toEqual([holder.email]);
    expect(world.mails.at(-1)?.text).toContain(reunion.structureName);
    expect(world.mails.at(-1)?.text).toContain(holder.firstName);
  });

  it('answers 409 for an address a member of its own structure holds', async () => {
    const admin = callers['structure-admin'];

    const response = await world.call(admin.token, 'POST', '/api/v1/team', {
      body: {
        email: demoAccounts.reunionReferents[1],
        firstName: 'Claire',
        lastName: 'Martin',
        role: 'referent',
      },
    });

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

/** Every item of the other territory's tenant and organisation partitions, in key order. */
async function partitionsOf(db: DynamoDBDocumentClient, territory: Territory): Promise<unknown[]> {
  const items: unknown[] = [];
  for (const partition of [tenantPrefix(territory.tenantId), orgPrefix(territory.orgId)]) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: world.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
  return items;
}

describe('a token of one tenant naming another', () => {
  for (const endpoint of catalogue.endpoints) {
    it(`keeps Tremplin 93 out of reach of Réunion tokens on ${describeEndpoint(endpoint)}`, async () => {
      const fixture = fixtures[endpoint.operation];
      const attempts: { what: string; caller: Caller; parts: RequestParts; statuses: number[] }[] =
        [];
      for (const role of rights[endpoint.operation]) {
        const caller = callers[role];
        const { other } = caller;
        // The other tenant's object when the path names one, else the caller's own request.
        const target = () =>
          fixture.arrange(caller, fixture.reach === 'path' ? other : caller.home);
        const refused = [403, 404, 422];
        const allowedWhenIgnored =
          fixture.reach === 'path' ? refused : [...refused, successOf(endpoint)];
        if (fixture.reach !== 'none') {
          attempts.push({
            what: `${role}, other tenant's target`,
            caller,
            parts: await fixture.arrange(caller, other),
            statuses: [fixture.reach === 'path' ? 404 : 422],
          });
        }
        const headers = await target();
        attempts.push({
          what: `${role}, headers`,
          caller,
          parts: { ...headers, headers: { ...headers.headers, ...namingHeaders(other) } },
          statuses: allowedWhenIgnored,
        });
        attempts.push({
          what: `${role}, query`,
          caller,
          parts: {
            ...(await target()),
            query: { tenantId: other.tenantId, structureId: other.tenantId, orgId: other.orgId },
          },
          statuses: allowedWhenIgnored,
        });
        if (endpoint.takesBody) {
          const body = await target();
          attempts.push({
            what: `${role}, body`,
            caller,
            parts: {
              ...body,
              body: { ...body.body, tenantId: other.tenantId, orgId: other.orgId },
            },
            statuses: allowedWhenIgnored,
          });
          if (body.body !== undefined && 'referentId' in body.body) {
            const own = await fixture.arrange(caller, caller.home);
            attempts.push({
              what: `${role}, body naming the other tenant's référent`,
              caller,
              parts: { ...own, body: { ...own.body, referentId: other.referentIds[0] } },
              statuses: [422],
            });
          }
        }
      }
      const before = await partitionsOf(world.adminDb, mainland);

      const answers: { what: string; status: number; text: string }[] = [];
      for (const attempt of attempts) {
        const response = await send(attempt.caller, endpoint, attempt.parts);
        answers.push({ what: attempt.what, status: response.status, text: await response.text() });
      }

      for (const [index, answer] of answers.entries()) {
        const attempt = attempts[index];
        expect(attempt?.statuses, `${answer.what}: ${answer.text}`).toContain(answer.status);
        for (const id of idsOf(mainland)) expect(answer.text, answer.what).not.toContain(id);
      }
      expect(await partitionsOf(world.adminDb, mainland)).toEqual(before);
    });
  }
});

const counterName = 'authorizationTestCallCounter';

/**
 * The declared exceptions to "at most 2 DynamoDB calls": each with its count and why. The export
 * of a person's data reads the referral, the case file and the access log (three key ranges, one
 * Query each, sent together) and the structure, then logs itself: 5 calls, 2 round trips of time.
 */
const callExceptions: Partial<Record<Operation, { calls: number; why: string }>> = {
  'person.export': {
    calls: 5,
    why: 'three key ranges and the structure, read together, then its log line',
  },
};

describe('DynamoDB calls per request', () => {
  let calls = 0;
  beforeAll(() => {
    world.appDb.middlewareStack.add(
      (next) => async (args) => {
        calls += 1;
        return next(args);
      },
      { step: 'initialize', name: counterName },
    );
  });
  afterAll(() => {
    world.appDb.middlewareStack.remove(counterName);
  });

  for (const endpoint of catalogue.endpoints) {
    const allowed = callExceptions[endpoint.operation]?.calls ?? 2;
    it(`serves ${describeEndpoint(endpoint)} in at most ${allowed} DynamoDB calls`, async () => {
      const counts: Partial<Record<Role, number>> = {};
      for (const role of rights[endpoint.operation]) {
        const caller = callers[role];
        const parts = await fixtures[endpoint.operation].arrange(caller, caller.home);
        calls = 0;

        const response = await send(caller, endpoint, parts);

        expect(response.status, await response.text()).toBe(successOf(endpoint));
        counts[role] = calls;
      }
      for (const count of Object.values(counts)) {
        expect(count).toBeGreaterThan(0);
        expect(count).toBeLessThanOrEqual(allowed);
      }
    });
  }
});
