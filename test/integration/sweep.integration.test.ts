import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Alert, alert, alertItem, alertKey } from '../../shared/alerts/alert.ts';
import { caseItem, caseKey, type SupportCase } from '../../shared/cases/case.ts';
import { stripKeys } from '../../shared/cases/case-store.ts';
import { addDays } from '../../shared/common/dates.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import type { Item } from '../../shared/data/item.ts';
import { tenantPrefix } from '../../shared/data/keys.ts';
import { guardClient } from '../../shared/data/scope-guard.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import {
  makeSweep,
  SweepIncompleteError,
  type SweepOptions,
} from '../../shared/deadlines/sweep.ts';
import { type Referral, referralItem, referralKey } from '../../shared/referrals/referral.ts';
import {
  followUpOf,
  referralFollowUpItem,
  referralFollowUpKey,
} from '../../shared/referrals/referral-follow-up.ts';
import { anApiWorld } from '../support/api-world.ts';
import { aCase, aReferral, fixtureIds } from '../support/builders.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

const { tenantId, referentId } = fixtureIds;
const due = tableDefinition.indexes.byDueDate;

let table: TestTable;
let guarded: DynamoDBDocumentClient;

beforeEach(async () => {
  table = await aFreshTable();
  // The sweep runs on a client with the scope guard, as in the Lambda.
  guarded = toDocumentClient(
    guardClient(makeDynamoClient({ region: 'eu-west-3', endpoint: table.endpoint })),
  );
  return () => guarded.destroy();
});

/** The sweep with its clock stopped at `now`. */
function sweepAt(now: string, options: SweepOptions = {}, db: DynamoDBDocumentClient = guarded) {
  return makeSweep({ db, tableName: table.tableName, now: () => new Date(now) })(options);
}

/** The morning sweep of `date` in one time zone (a local run with `--date`). */
function sweepOn(date: string, timeZone = 'Indian/Reunion', options: SweepOptions = {}) {
  return sweepAt(`${date}T12:00:00.000Z`, { date, timeZones: [timeZone], ...options });
}

async function sweepEachDay(from: string, to: string, timeZone = 'Indian/Reunion') {
  for (let day = from; day <= to; day = addDays(day, 1)) await sweepOn(day, timeZone);
}

async function put(...items: Item[]): Promise<void> {
  for (const item of items) {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: item }));
  }
}

async function getItem(key: { PK: string; SK: string }) {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: key }));
  return Item;
}

/** Every alert of the test tenant, oldest due first. */
async function alerts(): Promise<Alert[]> {
  const page = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk',
      FilterExpression: '#type = :alert',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': tenantPrefix(tenantId), ':alert': 'alert' },
    }),
  );
  return (page.Items ?? [])
    .map((item) => alert.parse(stripKeys(item)))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
}

const kindDueRaised = (found: Alert[]) =>
  found.map((raised) => [raised.kind, raised.dueOn, raised.raisedOn]);

let nextId = 100;
/** A fresh case id (UUID) per call. */
function anId(): string {
  nextId += 1;
  return `0192f0a0-0000-7000-8000-${nextId.toString(16).padStart(12, '0')}`;
}

/** A case in period 1 until the end of 2027, whose only deadline before then is its silence. */
function aQuietCase(lastContactOn: string, overrides: Partial<SupportCase> = {}): SupportCase {
  const id = anId();
  return {
    ...aCase().signed('2027-01-01', '2027-12-31').build(),
    id,
    referralId: id,
    lastContactOn,
    ...overrides,
  };
}

/** A case whose "no contact" alert falls on `dueOn`. */
const silentUntil = (dueOn: string, overrides: Partial<SupportCase> = {}) =>
  aQuietCase(addDays(dueOn, -14), overrides);

describe('the morning sweep raises each deadline on its day', () => {
  it('raises the renewal decision at D−30 of period 1, "period ending" at D−7, "ended with no decision" the day after', async () => {
    const supportCase = {
      ...aCase().signed('2026-11-01', '2027-04-30').renewalRequested().build(),
      lastContactOn: '2027-03-20',
    };
    await put(caseItem(supportCase));

    await sweepEachDay('2027-03-29', '2027-05-01');

    expect(
      kindDueRaised((await alerts()).filter((raised) => raised.kind !== 'no-contact')),
    ).toEqual([
      ['renewal-decision-due', '2027-03-31', '2027-03-31'],
      ['period-ending', '2027-04-23', '2027-04-23'],
      ['period-ended-no-decision', '2027-05-01', '2027-05-01'],
    ]);
  });

  it('raises "12-month maximum reached" the day after period 2 ends', async () => {
    const supportCase = {
      ...aCase().signed('2026-03-16', '2026-09-15').renewed('2027-03-15').build(),
      lastContactOn: '2027-03-10',
    };
    await put(caseItem(supportCase));

    await sweepEachDay('2027-03-07', '2027-03-16');

    expect(kindDueRaised(await alerts())).toEqual([
      ['period-ending', '2027-03-08', '2027-03-08'],
      ['maximum-duration-reached', '2027-03-16', '2027-03-16'],
    ]);
  });

  it('raises "no contact" 14 days after the last one, for the référent', async () => {
    await put(caseItem(aQuietCase('2027-02-15')));

    await sweepOn('2027-02-28');
    expect(await alerts()).toEqual([]);
    const report = await sweepOn('2027-03-01');

    const [raised] = await alerts();
    expect(report).toMatchObject({ itemsRead: 1, itemsDue: 1, alertsRaised: 1 });
    expect(raised).toMatchObject({
      kind: 'no-contact',
      dueOn: '2027-03-01',
      raisedOn: '2027-03-01',
      status: 'open',
      recipientId: referentId,
      label: expect.stringMatching(/^Zéphirine · [0-9A-F]{6}$/),
    });
    expect(raised?.escalatedAt).toBeUndefined();
  });

  it('raises "no contract" 30 days after the acceptance', async () => {
    const id = anId();
    const intake: SupportCase = {
      ...aCase().build(),
      id,
      referralId: id,
      acceptedAt: '2027-01-30T08:00:00.000Z',
      lastContactOn: '2027-02-25',
    };
    await put(caseItem(intake));

    await sweepEachDay('2027-02-27', '2027-03-02');

    expect(kindDueRaised(await alerts())).toEqual([['no-contract', '2027-03-01', '2027-03-01']]);
  });

  it('raises the six-month follow-up after the exit, and forgets the case', async () => {
    const exited = aCase().signed('2026-03-01', '2026-08-31').exited('2026-09-01').build();
    await put(caseItem(exited));

    await sweepEachDay('2027-02-28', '2027-03-01');

    expect(kindDueRaised(await alerts())).toEqual([
      ['follow-up-after-exit', '2027-03-01', '2027-03-01'],
    ]);
    const stored = await getItem(caseKey(tenantId, exited.id));
    expect(stored?.[due.partitionKey]).toBeUndefined();
  });

  it('tells the structure of a referral unanswered after 10 days, and expires it after 30 with its prescriber told', async () => {
    // Filed on 2027-02-19 at 10:00 in La Réunion.
    const waiting: Referral = aReferral({ submittedAt: '2027-02-19T06:00:00.000Z' });
    await put(referralItem(waiting), referralFollowUpItem(followUpOf(waiting, 'Kaz Emploi', 1)));

    await sweepOn('2027-03-01');
    expect(await alerts()).toMatchObject([
      {
        kind: 'referral-unanswered',
        dueOn: '2027-03-01',
        status: 'open',
        escalatedAt: expect.any(String),
      },
    ]);

    await sweepEachDay('2027-03-02', '2027-03-20');
    expect(await alerts()).toHaveLength(1);
    const report = await sweepOn('2027-03-21');

    expect(report).toMatchObject({ referralsExpired: 1, alertsRaised: 1, alertsResolved: 1 });
    expect(kindDueRaised(await alerts())).toEqual([
      ['referral-unanswered', '2027-03-01', '2027-03-01'],
      ['referral-expired', '2027-03-21', '2027-03-21'],
    ]);
    expect((await alerts()).map((raised) => raised.status)).toEqual(['resolved', 'open']);
    const stored = await getItem(referralKey(tenantId, waiting.id));
    expect(stored).toMatchObject({ status: 'expired', version: 2 });
    expect(String(stored?.GSI1SK)).toMatch(/^expired#/);
    expect(stored?.[due.partitionKey]).toBeUndefined();
    expect(await getItem(referralFollowUpKey(waiting.orgId, waiting.id))).toMatchObject({
      status: 'expired',
      version: 2,
    });
  });

  it('leaves a referral answered in time alone', async () => {
    const answered = aReferral({
      submittedAt: '2027-02-19T06:00:00.000Z',
      status: 'accepted',
      answeredAt: '2027-02-20T06:00:00.000Z',
    });
    await put(referralItem(answered));

    const report = await sweepOn('2027-03-21');

    expect(report.itemsRead).toBe(0);
    expect(await getItem(referralKey(tenantId, answered.id))).toMatchObject({
      status: 'accepted',
    });
  });
});

describe('each structure gets its own morning', () => {
  it('sweeps La Réunion alone at 02:00 UTC, for its own day, neither yesterday’s nor tomorrow’s', async () => {
    const yesterday = silentUntil('2027-02-28');
    const today = silentUntil('2027-03-01');
    const tomorrow = silentUntil('2027-03-02');
    const paris = silentUntil('2027-03-01', { timeZone: 'Europe/Paris' });
    const cayenne = silentUntil('2027-03-01', { timeZone: 'America/Cayenne' });
    await put(...[yesterday, today, tomorrow, paris, cayenne].map(caseItem));

    await sweepAt('2027-02-28T02:00:00.000Z');
    // 2027-03-01 begins in La Réunion at 20:00 UTC, but its morning is at 02:00 UTC.
    const atMidnight = await sweepAt('2027-02-28T20:00:00.000Z');
    const beforeSix = await sweepAt('2027-03-01T01:00:00.000Z');
    const atSix = await sweepAt('2027-03-01T02:00:00.000Z');

    expect(atMidnight.timeZones).toEqual([]);
    expect(beforeSix.timeZones).toEqual([]);
    expect(atSix.timeZones).toEqual([{ timeZone: 'Indian/Reunion', date: '2027-03-01' }]);
    expect(atSix).toMatchObject({ itemsRead: 1, alertsRaised: 1 });
    const bySubject = new Map((await alerts()).map((raised) => [raised.subject.id, raised]));
    expect(bySubject.get(yesterday.id)?.raisedOn).toBe('2027-02-28');
    expect(bySubject.get(today.id)?.raisedOn).toBe('2027-03-01');
    expect(bySubject.has(tomorrow.id)).toBe(false);
    expect(bySubject.has(paris.id)).toBe(false);
    expect(bySubject.has(cayenne.id)).toBe(false);
  });

  it('keeps Paris’s morning at 06:00 across the change to summer time (2027-03-28)', async () => {
    const saturday = silentUntil('2027-03-27', { timeZone: 'Europe/Paris' });
    const sunday = silentUntil('2027-03-28', { timeZone: 'Europe/Paris' });
    const monday = silentUntil('2027-03-29', { timeZone: 'Europe/Paris' });
    await put(...[saturday, sunday, monday].map(caseItem));

    // 06:00 CET is 05:00 UTC; from Sunday on, 06:00 CEST is 04:00 UTC.
    const onSaturday = await sweepAt('2027-03-27T05:00:00.000Z');
    const sundayAtSeven = await sweepAt('2027-03-28T05:00:00.000Z');
    expect(await alerts()).toHaveLength(1);
    const onSunday = await sweepAt('2027-03-28T04:00:00.000Z');

    expect(onSaturday.timeZones).toEqual([{ timeZone: 'Europe/Paris', date: '2027-03-27' }]);
    expect(sundayAtSeven.timeZones).toEqual([]);
    expect(onSunday.timeZones).toEqual([{ timeZone: 'Europe/Paris', date: '2027-03-28' }]);
    expect(
      (await alerts()).map((raised) => [raised.subject.id, raised.dueOn, raised.raisedOn]),
    ).toEqual([
      [saturday.id, '2027-03-27', '2027-03-27'],
      [sunday.id, '2027-03-28', '2027-03-28'],
    ]);
  });

  it('sweeps Guyane alone at 09:00 UTC, when the UTC date is already the next day at midnight there', async () => {
    const today = silentUntil('2027-03-01', { timeZone: 'America/Cayenne' });
    const tomorrow = silentUntil('2027-03-02', { timeZone: 'America/Cayenne' });
    await put(caseItem(today), caseItem(tomorrow));

    // 02:00 UTC on 2027-03-01 is 23:00 on 2027-02-28 in Cayenne: not its morning.
    const reunionMorning = await sweepAt('2027-03-01T02:00:00.000Z');
    const cayenneMorning = await sweepAt('2027-03-01T09:00:00.000Z');

    expect(reunionMorning.timeZones.map((day) => day.timeZone)).toEqual(['Indian/Reunion']);
    expect(cayenneMorning.timeZones).toEqual([{ timeZone: 'America/Cayenne', date: '2027-03-01' }]);
    expect((await alerts()).map((raised) => [raised.subject.id, raised.raisedOn])).toEqual([
      [today.id, '2027-03-01'],
    ]);
  });
});

describe('a sweep run twice, or stopped half-way, raises each alert once', () => {
  async function aBusyMorning() {
    const cases = Array.from({ length: 9 }, (_, index) =>
      index % 3 === 0
        ? // Intake, silent and without a contract: two alerts each.
          {
            ...silentUntil('2027-03-01'),
            phase: 'intake' as const,
            contract: undefined,
            acceptedAt: '2027-01-30T08:00:00.000Z',
          }
        : silentUntil(addDays('2027-03-01', -(index % 3))),
    );
    const referrals = Array.from({ length: 3 }, () =>
      aReferral({ id: anId(), submittedAt: '2027-02-19T06:00:00.000Z' }),
    );
    await put(
      ...cases.map(caseItem),
      ...referrals.map(referralItem),
      ...referrals.map((referral) => referralFollowUpItem(followUpOf(referral, 'Kaz Emploi', 1))),
    );
    // 3 × 2 + 6 + 3
    return { expected: 15 };
  }

  it('raises nothing the second time', async () => {
    const { expected } = await aBusyMorning();

    const first = await sweepOn('2027-03-01');
    const second = await sweepOn('2027-03-01');

    expect(first).toMatchObject({ alertsRaised: expected, itemsDue: 12, complete: true });
    expect(second).toMatchObject({ itemsRead: 0, alertsRaised: 0 });
    expect(await alerts()).toHaveLength(expected);
  });

  it('raises every alert exactly once when a run stopped after its first page is run again', async () => {
    const { expected } = await aBusyMorning();

    const stopped = await sweepOn('2027-03-01', 'Indian/Reunion', {
      pageSize: 2,
      stopAfterPages: 1,
    });
    const raisedFirst = await alerts();
    const rerun = await sweepOn('2027-03-01', 'Indian/Reunion', { pageSize: 2 });

    expect(stopped).toMatchObject({ pages: 1, complete: false });
    expect(stopped.alertsRaised).toBeGreaterThan(0);
    expect(stopped.alertsRaised).toBeLessThan(expected);
    expect(stopped.alertsRaised + rerun.alertsRaised).toBe(expected);
    const all = await alerts();
    expect(new Set(all.map((raised) => raised.id)).size).toBe(expected);
    // Those raised before the stop are as they were: not raised again.
    for (const before of raisedFirst) {
      expect(all.find((raised) => raised.id === before.id)?.raisedAt).toBe(before.raisedAt);
    }
  });

  it('raises nothing again when a case write puts the case back on a deadline already raised', async () => {
    const supportCase = silentUntil('2027-03-01');
    await put(caseItem(supportCase));
    await sweepOn('2027-03-01');
    // A write of the case (a reassignment, say) files it again under its earliest deadline.
    await put(caseItem({ ...supportCase, version: 2 }));

    const report = await sweepOn('2027-03-02');

    expect(report).toMatchObject({ itemsRead: 1, itemsDue: 1, alertsRaised: 0 });
    expect(await alerts()).toHaveLength(1);
    const stored = await getItem(caseKey(tenantId, supportCase.id));
    expect(stored).toMatchObject({ version: 2 });
    expect(String(stored?.[due.sortKey])).toMatch(/^2027-12-01#/);
  });

  it('leaves an item whose write failed due, and the next run raises its alerts once', async () => {
    const { expected } = await aBusyMorning();
    // The database refuses the sweep's third transaction, once.
    const flaky = guardClient(makeDynamoClient({ region: 'eu-west-3', endpoint: table.endpoint }));
    let transactions = 0;
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions += 1;
          if (transactions === 3) throw new Error('the network went away');
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const db = toDocumentClient(flaky);

    const failed = await sweepAt(
      '2027-03-01T12:00:00.000Z',
      { date: '2027-03-01', timeZones: ['Indian/Reunion'] },
      db,
    ).catch((error: unknown) => error);
    const rerun = await sweepOn('2027-03-01');

    expect(failed).toBeInstanceOf(SweepIncompleteError);
    if (!(failed instanceof SweepIncompleteError)) return;
    expect(failed.report).toMatchObject({ itemsRead: 12, itemsFailed: 1 });
    expect(failed.failedItems).toHaveLength(1);
    expect(rerun.itemsRead).toBe(1);
    expect(failed.report.alertsRaised + rerun.alertsRaised).toBe(expected);
    expect(await alerts()).toHaveLength(expected);
    db.destroy();
  });

  it('decides again on the case as it is when it changed between the read and the write', async () => {
    const supportCase = silentUntil('2027-03-01');
    await put(caseItem(supportCase));
    // A contact is recorded just as the sweep is about to write.
    const racing = guardClient(makeDynamoClient({ region: 'eu-west-3', endpoint: table.endpoint }));
    let raced = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !raced) {
          raced = true;
          await put(caseItem({ ...supportCase, lastContactOn: '2027-02-28', version: 2 }));
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const db = toDocumentClient(racing);

    const report = await sweepAt(
      '2027-03-01T12:00:00.000Z',
      {
        date: '2027-03-01',
        timeZones: ['Indian/Reunion'],
      },
      db,
    );

    expect(raced).toBe(true);
    expect(report).toMatchObject({ itemsRead: 1, alertsRaised: 0 });
    expect(await alerts()).toEqual([]);
    const stored = await getItem(caseKey(tenantId, supportCase.id));
    expect(String(stored?.[due.sortKey])).toMatch(/^2027-03-14#/);
    db.destroy();
  });
});

describe('the escalation of open alerts', () => {
  it('sends an alert open for 7 days to the structure-admin too', async () => {
    const supportCase = silentUntil('2027-03-01');
    await put(caseItem(supportCase));
    await sweepOn('2027-03-01');

    const sixDays = await sweepOn('2027-03-07');
    const [stillOpen] = await alerts();
    const sevenDays = await sweepOn('2027-03-08');
    const [escalated] = await alerts();

    expect(sixDays.alertsEscalated).toBe(0);
    expect(stillOpen?.escalatedAt).toBeUndefined();
    expect(sevenDays).toMatchObject({ itemsRead: 1, alertsEscalated: 1 });
    expect(escalated).toMatchObject({ status: 'open', escalatedAt: '2027-03-08T12:00:00.000Z' });
    const stored = await getItem(
      alertKey(tenantId, { type: 'case', id: supportCase.id }, 'no-contact', '2027-03-01'),
    );
    expect(stored?.[due.partitionKey]).toBeUndefined();
    expect((await sweepOn('2027-03-09')).itemsRead).toBe(0);
  });

  it('sends an alert to the structure-admin at once when the case has no référent', async () => {
    const { referentId: _none, ...withoutReferent } = silentUntil('2027-03-01');
    await put(caseItem(withoutReferent));

    await sweepOn('2027-03-01');

    const [raised] = await alerts();
    expect(raised?.recipientId).toBeUndefined();
    expect(raised?.escalatedAt).toBe('2027-03-01T12:00:00.000Z');
    expect((await sweepOn('2027-03-08')).itemsRead).toBe(0);
  });

  it('leaves an acknowledged alert alone', async () => {
    await put(caseItem(silentUntil('2027-03-01')));
    await sweepOn('2027-03-01');
    const [raised] = await alerts();
    if (raised === undefined) throw new Error('no alert raised');
    await put(alertItem({ ...raised, status: 'acknowledged', acknowledgedBy: referentId }));

    const report = await sweepOn('2027-03-08');

    expect(report.alertsEscalated).toBe(0);
    expect((await alerts())[0]).toMatchObject({ status: 'acknowledged' });
  });

  it('resolves an alert on its escalation day instead when its cause is gone', async () => {
    const supportCase = silentUntil('2027-03-01');
    await put(caseItem(supportCase));
    await sweepOn('2027-03-01');
    // A contact recorded behind the alert's back (a write that raced the sweep).
    await put(caseItem({ ...supportCase, lastContactOn: '2027-03-03', version: 2 }));

    const report = await sweepOn('2027-03-08');

    expect(report).toMatchObject({ alertsEscalated: 0, alertsResolved: 1 });
    expect((await alerts())[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: '2027-03-08T12:00:00.000Z',
    });
  });
});

describe('what the sweep reads', () => {
  it('reads only what is due, however many cases there are', async () => {
    const later = Array.from({ length: 40 }, (_, index) =>
      silentUntil(addDays('2027-03-02', index % 20)),
    );
    const dueToday = Array.from({ length: 3 }, () => silentUntil('2027-03-01'));
    await put(...[...later, ...dueToday].map(caseItem));

    const report = await sweepOn('2027-03-01');

    expect(report).toMatchObject({ itemsRead: 3, itemsDue: 3, alertsRaised: 3 });
  });
});

describe('an alert resolves itself', () => {
  it('when a contact is recorded through the API, the open "no contact" alert resolves', async () => {
    const world = await anApiWorld(() => new Date('2027-03-01T06:00:00.000Z'));
    const structure = world.demo.structures.find((found) => found.timeZone === 'Indian/Reunion');
    const referent = world.demo.users.find(
      (found) => found.tenantId === structure?.id && found.role === 'referent',
    );
    if (structure === undefined || referent === undefined) throw new Error('no demo référent');
    const supportCase = silentUntil('2027-03-01', {
      tenantId: structure.id,
      referentId: referent.id,
    });
    await world.adminDb.send(
      new PutCommand({ TableName: world.tableName, Item: caseItem(supportCase) }),
    );
    await makeSweep({ db: world.appDb, tableName: world.tableName, now: world.now })({
      date: '2027-03-01',
      timeZones: ['Indian/Reunion'],
    });
    const alertAt = alertKey(
      structure.id,
      { type: 'case', id: supportCase.id },
      'no-contact',
      '2027-03-01',
    );
    const read = async () =>
      (await world.adminDb.send(new GetCommand({ TableName: world.tableName, Key: alertAt }))).Item;
    expect(await read()).toMatchObject({ status: 'open', recipientId: referent.id });

    const answer = await world.call(
      await world.tokenFor(referent),
      'POST',
      `/api/v1/cases/${supportCase.id}/journal`,
      {
        headers: { 'If-Match': '"1"' },
        body: {
          kind: 'phone',
          date: '2027-03-01',
          durationMinutes: 20,
          topics: [],
          actions: [],
          partners: [],
          summary: 'Appel pour reprendre contact.',
        },
      },
    );

    expect(answer.status).toBe(201);
    expect(await read()).toMatchObject({
      status: 'resolved',
      resolvedAt: '2027-03-01T06:00:00.000Z',
    });
  });
});
