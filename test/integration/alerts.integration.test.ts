/**
 * The alerts API on DynamoDB Local, over the demo world: a référent's list and a structure's,
 * the badge's counts, acknowledging. Alerts are written straight into the table with the
 * items' own builder, as the morning sweep would raise them; each test writes its own, and
 * counts are measured as differences, so no test depends on another's data.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { type Alert, alert, alertItem, alertKey } from '../../shared/alerts/alert.ts';
import { alertId, alertKeyOf } from '../../shared/alerts/alert-id.ts';
import { addDays, dateIn } from '../../shared/common/dates.ts';
import { newId } from '../../shared/common/ids.ts';
import { tenantPrefix } from '../../shared/data/keys.ts';
import { alertKinds } from '../../shared/deadlines/deadline-rules.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

const alertView = alert.extend({ kindLabel: z.string() });
const alertPage = z.strictObject({ items: z.array(alertView), cursor: z.string().optional() });
const counts = z.strictObject({
  mine: z.int(),
  structure: z.int().optional(),
  escalated: z.int().optional(),
});
const problem = z.looseObject({ title: z.string(), status: z.int(), detail: z.string() });

let world: ApiWorld;
/** The Réunion structure, its admin and two référents; Tremplin 93's admin. */
let tenantId: string;
let timeZone: string;
let ids: { admin: string; payet: string; hoarau: string };
let tokens: { admin: string; payet: string; hoarau: string; mainlandAdmin: string };

const counterName = 'alertsTestCallCounter';
let calls = 0;

beforeAll(async () => {
  world = await anApiWorld();
  const admin = world.user(demoAccounts.reunionAdmin);
  const [payetEmail, hoarauEmail] = demoAccounts.reunionReferents;
  const payet = world.user(payetEmail);
  const hoarau = world.user(hoarauEmail);
  if (admin.tenantId === undefined) throw new Error('the Réunion admin has no tenant');
  tenantId = admin.tenantId;
  const structure = world.demo.structures.find((candidate) => candidate.id === tenantId);
  if (structure === undefined) throw new Error('no Réunion structure');
  timeZone = structure.timeZone;
  ids = { admin: admin.id, payet: payet.id, hoarau: hoarau.id };
  tokens = {
    admin: await world.tokenFor(admin),
    payet: await world.tokenFor(payet),
    hoarau: await world.tokenFor(hoarau),
    mainlandAdmin: await world.tokenFor(world.user(demoAccounts.mainlandAdmin)),
  };
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

const today = () => dateIn(timeZone, new Date());

/** An open alert of the Réunion structure about a fresh case, addressed as asked. */
function anAlert(overrides: Partial<Alert> = {}): Alert {
  const subject = overrides.subject ?? { type: 'case', id: newId() };
  const kind = overrides.kind ?? 'no-contact';
  const dueOn = overrides.dueOn ?? addDays(today(), -2);
  return {
    id: alertId({ subject, kind, dueOn }),
    tenantId,
    subject,
    kind,
    dueOn,
    raisedOn: today(),
    raisedAt: new Date().toISOString(),
    timeZone,
    status: 'open',
    label: `Jessica (dossier ${subject.id.slice(0, 8)})`,
    ...overrides,
  };
}

async function store(...alerts: Alert[]): Promise<void> {
  const { UnprocessedItems } = await world.adminDb.send(
    new BatchWriteCommand({
      RequestItems: {
        [world.tableName]: alerts.map((item) => ({ PutRequest: { Item: alertItem(item) } })),
      },
    }),
  );
  expect(UnprocessedItems?.[world.tableName] ?? []).toEqual([]);
}

async function stored(target: Alert): Promise<Record<string, unknown> | undefined> {
  const key = alertKey(target.tenantId, target.subject, target.kind, target.dueOn);
  const { Item } = await world.adminDb.send(
    new GetCommand({ TableName: world.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** Sends a request and counts the DynamoDB calls the API made for it. */
async function counted(
  token: string,
  method: string,
  path: string,
): Promise<{ response: Response; calls: number }> {
  calls = 0;
  const response = await world.call(token, method, path);
  return { response, calls };
}

async function listOf(token: string, query: string): Promise<z.infer<typeof alertPage>> {
  const { response, calls: made } = await counted(token, 'GET', `/api/v1/alerts?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(made).toBe(1);
  return alertPage.parse(await response.json());
}

/** Every alert of a list, all pages followed. */
async function allListed(token: string, query: string): Promise<z.infer<typeof alertView>[]> {
  const found: z.infer<typeof alertView>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOf(
      token,
      `${query}&limit=100${cursor === undefined ? '' : `&cursor=${cursor}`}`,
    );
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

async function idsListed(token: string, query: string): Promise<string[]> {
  return (await allListed(token, query)).map((item) => item.id);
}

async function countsOf(token: string): Promise<z.infer<typeof counts>> {
  const { response, calls: made } = await counted(token, 'GET', '/api/v1/alerts/count');
  expect(response.status, await response.clone().text()).toBe(200);
  expect(made).toBeGreaterThan(0);
  expect(made).toBeLessThanOrEqual(2);
  return counts.parse(await response.json());
}

const acknowledgePath = (id: string) => `/api/v1/alerts/${id}/acknowledge`;

describe('GET /api/v1/alerts', () => {
  it('lists a référent’s own open alerts, oldest due first, with their kind in French', async () => {
    const older = anAlert({ recipientId: ids.payet, dueOn: addDays(today(), -9) });
    const newer = anAlert({
      recipientId: ids.payet,
      kind: 'renewal-decision-due',
      dueOn: addDays(today(), -1),
    });
    const colleagues = anAlert({ recipientId: ids.hoarau });
    const unaddressed = anAlert({ subject: { type: 'referral', id: newId() } });
    await store(older, newer, colleagues, unaddressed);

    const listed = await idsListed(tokens.payet, 'scope=mine');

    expect(listed).toContain(older.id);
    expect(listed).toContain(newer.id);
    expect(listed.indexOf(older.id)).toBeLessThan(listed.indexOf(newer.id));
    expect(listed).not.toContain(colleagues.id);
    expect(listed).not.toContain(unaddressed.id);
    const shown = (await allListed(tokens.payet, 'scope=mine')).find(
      (item) => item.id === newer.id,
    );
    expect(shown).toEqual({ ...newer, kindLabel: alertKinds['renewal-decision-due'] });
  });

  it('lists every alert of the structure to its admin', async () => {
    const payets = anAlert({ recipientId: ids.payet });
    const hoaraus = anAlert({ recipientId: ids.hoarau });
    const unaddressed = anAlert({
      subject: { type: 'referral', id: newId() },
      kind: 'referral-unanswered',
    });
    await store(payets, hoaraus, unaddressed);

    const listed = await idsListed(tokens.admin, 'scope=structure');

    expect(listed).toEqual(expect.arrayContaining([payets.id, hoaraus.id, unaddressed.id]));
    expect(await idsListed(tokens.admin, 'scope=mine')).not.toContain(payets.id);
  });

  it('refuses the structure’s list to a référent', async () => {
    const response = await world.call(tokens.payet, 'GET', '/api/v1/alerts?scope=structure');

    expect(response.status).toBe(403);
    expect(problem.parse(await response.json()).detail).toMatch(/responsable de structure/);
  });

  it('lists by status: an acknowledged alert leaves the open list for the acknowledged one', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    const acknowledged = await world.call(tokens.payet, 'POST', acknowledgePath(target.id));
    expect(acknowledged.status).toBe(200);

    expect(await idsListed(tokens.payet, 'status=open')).not.toContain(target.id);
    expect(await idsListed(tokens.payet, 'status=acknowledged')).toContain(target.id);
    expect(await idsListed(tokens.admin, 'scope=structure&status=acknowledged')).toContain(
      target.id,
    );
  });

  it('pages with a cursor, and refuses a cursor altered to reach another list', async () => {
    await store(anAlert({ recipientId: ids.hoarau }), anAlert({ recipientId: ids.hoarau }));
    const first = await listOf(tokens.hoarau, 'limit=1');
    expect(first.items).toHaveLength(1);
    const cursor = z.string().parse(first.cursor);

    const second = await listOf(tokens.hoarau, `limit=1&cursor=${cursor}`);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);

    const key = z
      .record(z.string(), z.string())
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    const forged = [
      { ...key, GSI1PK: `${tenantPrefix(tenantId)}#ALERTS#${ids.payet}` },
      { ...key, PK: tenantPrefix(randomUUID()) },
      { ...key, GSI1SK: `resolved#${key.GSI1SK}` },
      { ...key, DUEPK: 'x' },
      { PK: key.PK },
      ['not', 'a', 'key'],
    ];
    for (const value of [...forged.map((v) => JSON.stringify(v)), '{', '']) {
      const encoded = Buffer.from(value).toString('base64url');
      const response = await world.call(
        tokens.hoarau,
        'GET',
        `/api/v1/alerts?limit=1&cursor=${encoded}`,
      );
      if (value === '') expect(response.status).toBe(200);
      else expect(response.status, value).toBe(400);
    }
    // A cursor of the open list does not page the acknowledged one.
    const other = await world.call(
      tokens.hoarau,
      'GET',
      `/api/v1/alerts?status=acknowledged&cursor=${cursor}`,
    );
    expect(other.status).toBe(400);
  });

  it('refuses an unknown scope or status by naming the field', async () => {
    const response = await world.call(tokens.admin, 'GET', '/api/v1/alerts?scope=all&status=x');

    expect(response.status).toBe(422);
    const body = z
      .object({ invalidFields: z.array(z.object({ name: z.string() })) })
      .parse(await response.json());
    expect(body.invalidFields.map((field) => field.name).sort()).toEqual([
      'query.scope',
      'query.status',
    ]);
  });
});

describe('GET /api/v1/alerts/count', () => {
  it('counts a référent’s open alerts, and only theirs, in one call', async () => {
    const before = await countsOf(tokens.hoarau);
    await store(
      anAlert({ recipientId: ids.hoarau }),
      anAlert({ recipientId: ids.hoarau, escalatedAt: new Date().toISOString() }),
      anAlert({ recipientId: ids.hoarau, status: 'acknowledged' }),
      anAlert({ recipientId: ids.hoarau, status: 'resolved' }),
      anAlert({ recipientId: ids.payet }),
      anAlert({}),
    );
    calls = 0;

    const after = await countsOf(tokens.hoarau);

    expect(calls).toBe(1);
    expect(after).toEqual({ mine: before.mine + 2 });
  });

  it('counts for an admin their own, the structure’s and the escalated or unaddressed ones, in two calls', async () => {
    const before = await countsOf(tokens.admin);
    await store(
      anAlert({ recipientId: ids.admin }),
      anAlert({ recipientId: ids.payet }),
      anAlert({ recipientId: ids.payet, escalatedAt: new Date().toISOString() }),
      anAlert({ subject: { type: 'referral', id: newId() } }),
      anAlert({ recipientId: ids.payet, status: 'acknowledged' }),
    );
    calls = 0;

    const after = await countsOf(tokens.admin);

    expect(calls).toBe(2);
    expect(after).toEqual({
      mine: before.mine + 1,
      structure: (before.structure ?? 0) + 4,
      escalated: (before.escalated ?? 0) + 2,
    });
  });

  it('counts nothing of another structure', async () => {
    const before = await countsOf(tokens.mainlandAdmin);
    await store(anAlert({}), anAlert({ recipientId: ids.payet }));

    expect(await countsOf(tokens.mainlandAdmin)).toEqual(before);
  });
});

describe('POST /api/v1/alerts/{id}/acknowledge', () => {
  it('acknowledges the référent’s alert: status, who and when, index keys, in two calls', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    const before = await stored(target);
    expect(before?.DUEPK).toBeDefined();

    const { response, calls: made } = await counted(
      tokens.payet,
      'POST',
      acknowledgePath(target.id),
    );

    expect(response.status).toBe(200);
    expect(made).toBe(2);
    const answered = alertView.parse(await response.json());
    expect(answered).toMatchObject({
      id: target.id,
      status: 'acknowledged',
      acknowledgedBy: ids.payet,
    });
    const after = await stored(target);
    expect(after).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: ids.payet,
      acknowledgedAt: answered.acknowledgedAt,
      GSI1PK: before?.GSI1PK,
      GSI2PK: before?.GSI2PK,
    });
    expect(String(after?.GSI1SK)).toMatch(/^acknowledged#/);
    expect(String(after?.GSI2SK)).toMatch(/^acknowledged#/);
    expect(after?.GSI1SK).toBe(String(before?.GSI1SK).replace(/^open#/, 'acknowledged#'));
    // It no longer waits in the due-date index for its escalation.
    expect(after?.DUEPK).toBeUndefined();
    expect(after?.DUESK).toBeUndefined();
  });

  it('answers a second acknowledgement with the alert as it is, writing nothing', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    const first = alertView.parse(
      await (await world.call(tokens.payet, 'POST', acknowledgePath(target.id))).json(),
    );

    const { response, calls: made } = await counted(
      tokens.admin,
      'POST',
      acknowledgePath(target.id),
    );

    expect(response.status).toBe(200);
    expect(made).toBe(1);
    expect(alertView.parse(await response.json())).toEqual(first);
  });

  it('acknowledges when the SDK retried an update whose first answer was lost on the way back', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    // The first UpdateItem lands, then its connection drops: the SDK sends it again, and the
    // second attempt finds the alert acknowledged already (its own write).
    const name = 'loseFirstUpdateAnswer';
    let lost = false;
    world.appDb.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const request: unknown = args.request;
        const headers: unknown =
          typeof request === 'object' && request !== null ? Reflect.get(request, 'headers') : {};
        const operation: unknown =
          typeof headers === 'object' && headers !== null
            ? Reflect.get(headers, 'x-amz-target')
            : '';
        if (!lost && operation === 'DynamoDB_20120810.UpdateItem') {
          lost = true;
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return result;
      },
      { step: 'deserialize', name },
    );
    try {
      const response = await world.call(tokens.payet, 'POST', acknowledgePath(target.id));

      expect(lost).toBe(true);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(alertView.parse(await response.json())).toMatchObject({
        id: target.id,
        status: 'acknowledged',
        acknowledgedBy: ids.payet,
      });
      expect((await stored(target))?.status).toBe('acknowledged');
    } finally {
      world.appDb.middlewareStack.remove(name);
    }
  });

  it('lets an admin acknowledge an alert with no référent, and a référent not', async () => {
    const target = anAlert({ subject: { type: 'referral', id: newId() } });
    await store(target);

    const byReferent = await world.call(tokens.payet, 'POST', acknowledgePath(target.id));
    expect(byReferent.status).toBe(404);

    const byAdmin = await world.call(tokens.admin, 'POST', acknowledgePath(target.id));
    expect(byAdmin.status).toBe(200);
    expect(await stored(target)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: ids.admin,
    });
  });

  it('answers 404 to a référent acknowledging their colleague’s alert, as for no alert', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);

    const response = await world.call(tokens.hoarau, 'POST', acknowledgePath(target.id));
    const nowhere = await world.call(
      tokens.hoarau,
      'POST',
      acknowledgePath(alertId({ ...target, dueOn: '2001-01-01' })),
    );

    expect(response.status).toBe(404);
    const { instance: _a, ...refused } = problem.parse(await response.json());
    const { instance: _b, ...missing } = problem.parse(await nowhere.json());
    expect(refused).toEqual(missing);
    expect(refused.detail).toBe('Alerte introuvable.');
    expect((await stored(target))?.status).toBe('open');
    expect(await idsListed(tokens.hoarau, 'scope=mine')).not.toContain(target.id);
  });

  it('answers 404 to another structure’s admin, and leaves the alert as it was', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    const before = await stored(target);

    const response = await world.call(tokens.mainlandAdmin, 'POST', acknowledgePath(target.id));

    expect(response.status).toBe(404);
    expect(await stored(target)).toEqual(before);
    expect(await idsListed(tokens.mainlandAdmin, 'scope=structure')).not.toContain(target.id);
  });

  it('answers 409 for an alert already resolved', async () => {
    const target = anAlert({
      recipientId: ids.payet,
      status: 'resolved',
      resolvedAt: new Date().toISOString(),
    });
    await store(target);

    const response = await world.call(tokens.payet, 'POST', acknowledgePath(target.id));

    expect(response.status).toBe(409);
    expect(problem.parse(await response.json()).detail).toMatch(/déjà levée/);
    expect((await stored(target))?.status).toBe('resolved');
  });

  it('answers 404 or 422 to forged ids, never 500, and reads nothing for a malformed one', async () => {
    const target = anAlert({ recipientId: ids.payet });
    await store(target);
    const sortKey = alertKey(tenantId, target.subject, target.kind, target.dueOn).SK;
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    const malformed = [
      randomUUID(),
      'x',
      encode(`TENANT#${tenantId}`),
      encode(`${sortKey}#more`),
      encode(sortKey.replace('no-contact', 'invented-kind')),
      encode(sortKey.replace(target.dueOn, '2026-02-31')),
      encode(sortKey.replace(target.subject.id, 'not-a-uuid')),
      encode(sortKey.replace('CASE#', 'USER#')),
      encode(`CASE#${target.subject.id}`),
      `${target.id}A`,
      target.id.slice(0, -1),
      'A'.repeat(400),
    ];
    for (const id of malformed) {
      const { response, calls: made } = await counted(tokens.payet, 'POST', acknowledgePath(id));
      expect(response.status, id).toBe(404);
      expect(made, id).toBe(0);
    }
    const unroutable = [
      `${target.id}=`,
      // Standard base64, not base64url.
      encodeURIComponent(`${target.id.slice(0, 8)}+/${target.id.slice(10)}`),
      'A'.repeat(401),
      encodeURIComponent('ü'),
      '%00',
    ];
    for (const id of unroutable) {
      const response = await world.call(tokens.payet, 'POST', acknowledgePath(id));
      expect([404, 422], id).toContain(response.status);
    }
    // Well formed, but naming nothing: one read, then 404.
    const { response, calls: made } = await counted(
      tokens.payet,
      'POST',
      acknowledgePath(alertId({ ...target, kind: 'no-contract' })),
    );
    expect(response.status).toBe(404);
    expect(made).toBe(1);
    expect((await stored(target))?.status).toBe('open');
  });

  it('maps an id back to the key of the caller’s own tenant, whatever tenant it came from', () => {
    const target = anAlert({});
    const elsewhere = randomUUID();

    expect(alertKeyOf(elsewhere, target.id)).toEqual(
      alertKey(elsewhere, target.subject, target.kind, target.dueOn),
    );
  });
});
