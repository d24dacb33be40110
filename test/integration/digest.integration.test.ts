/**
 * The daily e-mail digest on DynamoDB Local, over the demo world, into an outbox folder: one
 * .eml per member with open alerts, in French, naming people by first name and case reference
 * only; nothing for members without alerts, nor for structures of other time zones; nothing
 * twice when it runs again the same day.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import type { Alert } from '../../shared/alerts/alert.ts';
import { alertItem } from '../../shared/alerts/alert.ts';
import { alertId } from '../../shared/alerts/alert-id.ts';
import { type DigestReport, frenchDate, makeSendDigests } from '../../shared/alerts/digest.ts';
import { digestMarkerKey } from '../../shared/alerts/digest-marker.ts';
import type { SupportCase } from '../../shared/cases/case.ts';
import { caseItem } from '../../shared/cases/case.ts';
import { addDays, dateIn } from '../../shared/common/dates.ts';
import { newId } from '../../shared/common/ids.ts';
import { loadPublicUrl } from '../../shared/config.ts';
import type { Item } from '../../shared/data/item.ts';
import { alertKinds } from '../../shared/deadlines/deadline-rules.ts';
import type { User } from '../../shared/identity/user.ts';
import { makeOutboxMailer } from '../../shared/mail/mailer.ts';
import type { Mailer } from '../../shared/mail/message.ts';
import type { Person } from '../../shared/referrals/person.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';
import { aCase } from '../support/builders.ts';
import { type ReadEml, readEml } from '../support/eml.ts';

const publicUrl = 'https://appui.example.test';

let world: ApiWorld;
let people: {
  admin: User;
  payet: User;
  hoarau: User;
  mainlandAdmin: User;
  benali: User;
  martin: User;
};
let reunion: { tenantId: string; timeZone: string; today: string };
let mainland: { tenantId: string; timeZone: string; today: string };

/** The people the alerts are about: everything of them that must stay out of e-mails. */
const followed: Person[] = [];
const raised: Record<string, Alert> = {};

afterEach(() => {
  vi.unstubAllEnvs();
});

beforeAll(async () => {
  world = await anApiWorld();
  people = {
    admin: world.user(demoAccounts.reunionAdmin),
    payet: world.user(demoAccounts.reunionReferents[0]),
    hoarau: world.user(demoAccounts.reunionReferents[1]),
    mainlandAdmin: world.user(demoAccounts.mainlandAdmin),
    benali: world.user(demoAccounts.mainlandReferents[0]),
    martin: world.user(demoAccounts.mainlandReferents[1]),
  };
  reunion = territoryOf(people.admin);
  mainland = territoryOf(people.mainlandAdmin);

  // A person with every contact detail, followed by Mickaël Payet.
  const zephirine: SupportCase = {
    ...aCase().build(),
    id: newId(),
    tenantId: reunion.tenantId,
    referentId: people.payet.id,
    timeZone: reunion.timeZone,
    person: {
      firstName: 'Zéphirine',
      lastName: 'Quatorze-Vingts',
      birthDate: '1988-04-12',
      gender: 'female',
      phone: '0692 12 34 56',
      email: 'zephirine.qv@courriel.test',
      postalCode: '97400',
      city: 'Saint-Denis',
    },
  };
  // And one of the demo world's own cases of his.
  const demoCase = world.demo.cases.find(
    (candidate) =>
      candidate.tenantId === reunion.tenantId &&
      candidate.referentId === people.payet.id &&
      candidate.phase !== 'exited',
  );
  if (demoCase === undefined) throw new Error('the demo world gives Mickaël Payet no case');
  followed.push(zephirine.person, demoCase.person);

  const about = (supportCase: SupportCase) => ({
    subject: { type: 'case' as const, id: supportCase.id },
    label: `${supportCase.person.firstName} (dossier ${supportCase.id.slice(0, 8).toUpperCase()})`,
  });
  raised.payetOwn = anAlert(reunion, {
    ...about(zephirine),
    kind: 'no-contact',
    dueOn: '2026-11-22',
    recipientId: people.payet.id,
  });
  raised.payetEscalated = anAlert(reunion, {
    ...about(demoCase),
    kind: 'renewal-decision-due',
    dueOn: addDays(reunion.today, -9),
    recipientId: people.payet.id,
    escalatedAt: new Date().toISOString(),
  });
  raised.payetAcknowledged = anAlert(reunion, {
    ...about(demoCase),
    kind: 'no-contract',
    recipientId: people.payet.id,
    status: 'acknowledged',
  });
  raised.unaddressed = anAlert(reunion, {
    subject: { type: 'referral', id: newId() },
    kind: 'referral-unanswered',
    label: 'Teddy (prescription 5E6F7A8B)',
  });
  raised.benali = anAlert(mainland, {
    subject: { type: 'case', id: newId() },
    kind: 'period-ending',
    recipientId: people.benali.id,
    label: 'Yanis (dossier 0A1B2C3D)',
  });
  await store([caseItem(zephirine), ...Object.values(raised).map(alertItem)]);
});

function territoryOf(admin: User) {
  const structure = world.demo.structures.find((candidate) => candidate.id === admin.tenantId);
  if (structure === undefined) throw new Error(`no structure for ${admin.email}`);
  const { id: tenantId, timeZone } = structure;
  return { tenantId, timeZone, today: dateIn(timeZone, new Date()) };
}

function anAlert(territory: typeof reunion, fields: Partial<Alert> & Pick<Alert, 'subject'>) {
  const kind = fields.kind ?? 'no-contact';
  const dueOn = fields.dueOn ?? addDays(territory.today, -1);
  const raisedAlert: Alert = {
    id: alertId({ subject: fields.subject, kind, dueOn }),
    tenantId: territory.tenantId,
    kind,
    dueOn,
    raisedOn: territory.today,
    raisedAt: new Date().toISOString(),
    timeZone: territory.timeZone,
    status: 'open',
    label: '',
    ...fields,
  };
  return raisedAlert;
}

async function store(items: Item[]): Promise<void> {
  const { UnprocessedItems } = await world.adminDb.send(
    new BatchWriteCommand({
      RequestItems: { [world.tableName]: items.map((Item) => ({ PutRequest: { Item } })) },
    }),
  );
  expect(UnprocessedItems?.[world.tableName] ?? []).toEqual([]);
}

function anOutbox(): string {
  return join(mkdtempSync(join(tmpdir(), 'appui-digest-')), 'outbox');
}

/** The digest, through the API's guarded client: only its system scope lets it read. */
function digestInto(dir: string, mailer: Mailer = makeOutboxMailer(dir)) {
  return makeSendDigests({
    db: world.appDb,
    tableName: world.tableName,
    now: () => new Date(),
    mailer,
    publicUrl,
  });
}

interface Written {
  file: string;
  raw: string;
  eml: ReadEml;
}

function written(dir: string): Written[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const raw = readFileSync(join(dir, file), 'utf8');
    return { file, raw, eml: readEml(raw) };
  });
}

function to(mails: Written[], member: User): Written {
  const found = mails.filter((mail) => mail.eml.headers.get('to') === member.email);
  expect(found, member.email).toHaveLength(1);
  const [mail] = found;
  if (mail === undefined) throw new Error(`no e-mail to ${member.email}`);
  return mail;
}

const lineOf = (target: Alert) =>
  `- ${alertKinds[target.kind]} — échéance le ${frenchDate(target.dueOn)} — ${target.label}`;

describe('the daily digest of La Réunion’s structures', () => {
  const dir = anOutbox();
  let report: DigestReport;
  let mails: Written[];

  beforeAll(async () => {
    report = await digestInto(dir)(['Indian/Reunion']);
    mails = written(dir);
  });

  it('sends one e-mail to each member with open alerts, and none to the others', () => {
    expect(mails.map((mail) => mail.eml.headers.get('to')).sort()).toEqual(
      [people.admin.email, people.payet.email].sort(),
    );
    expect(report.structures).toBe(1);
    expect(report.failed).toEqual([]);
    expect(report.sent.map((sent) => sent.userId).sort()).toEqual(
      [people.admin.id, people.payet.id].sort(),
    );
    for (const mail of mails) expect(mail.file).toMatch(/\.eml$/);
  });

  it('writes the référent, in French, each of their open alerts with its due date and label', () => {
    const { eml } = to(mails, people.payet);

    expect(eml.headers.get('subject')).toBe(
      `Appui – 2 alertes à traiter au ${frenchDate(reunion.today)}`,
    );
    expect(eml.rawHeaders.get('subject')).toMatch(/^=\?UTF-8\?B\?/);
    expect(eml.text).toContain('Bonjour Mickaël,');
    expect(eml.text).toContain(lineOf(raisedAlert('payetOwn')));
    expect(eml.text).toContain(
      '- Aucun contact depuis 14 jours — échéance le 22/11/2026 — Zéphirine (dossier ',
    );
    expect(eml.text).toContain(lineOf(raisedAlert('payetEscalated')));
    expect(eml.text).not.toContain(alertKinds['no-contract']);
    expect(eml.text).not.toContain(alertKinds['referral-unanswered']);
    expect(eml.text).toContain(`${publicUrl}/`);
  });

  it('writes the admin the alerts with no référent and the escalated ones, not the others', () => {
    const { eml } = to(mails, people.admin);

    expect(eml.headers.get('subject')).toBe(
      `Appui – 2 alertes à traiter au ${frenchDate(reunion.today)}`,
    );
    expect(eml.text).toContain('Bonjour Nadia,');
    expect(eml.text).toContain('À suivre pour la structure');
    expect(eml.text).toContain(lineOf(raisedAlert('unaddressed')));
    expect(eml.text).toContain(lineOf(raisedAlert('payetEscalated')));
    expect(eml.text).not.toContain(lineOf(raisedAlert('payetOwn')));
  });

  it('names people by first name and case reference only', () => {
    for (const mail of mails) {
      const everything = [mail.raw, mail.eml.text, ...mail.eml.headers.values()].join('\n');
      for (const person of followed) {
        const forbidden = [
          person.lastName,
          person.birthDate,
          frenchDate(person.birthDate),
          person.phone,
          person.email,
          person.city,
        ];
        for (const value of forbidden) {
          if (value !== undefined) expect(everything, mail.file).not.toContain(value);
        }
      }
    }
    expect(to(mails, people.payet).eml.text).toContain('Zéphirine');
  });

  it('is a message any mail client reads: RFC 5322 headers, UTF-8 text in quoted-printable', () => {
    for (const { raw, eml } of mails) {
      expect(eml.rawHeaders.get('from')).toMatch(/<[^@\s]+@[^>\s]+>$/);
      expect(eml.rawHeaders.get('date')).toMatch(
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
      );
      expect(eml.rawHeaders.get('message-id')).toMatch(/^<[^@\s]+@[^>\s]+>$/);
      expect(eml.rawHeaders.get('mime-version')).toBe('1.0');
      expect(eml.rawHeaders.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(eml.rawHeaders.get('content-transfer-encoding')).toBe('quoted-printable');
      for (const line of raw.split('\r\n')) {
        expect(line.length).toBeLessThanOrEqual(76);
        expect(line).toMatch(/^[\x20-\x7e]*$/);
      }
    }
  });

  it('keeps a marker per member and day, so that a second run sends nothing', async () => {
    for (const member of [people.admin, people.payet]) {
      const { Item } = await world.adminDb.send(
        new GetCommand({
          TableName: world.tableName,
          Key: digestMarkerKey(reunion.tenantId, member.id, reunion.today),
        }),
      );
      expect(Item).toMatchObject({ type: 'digest-marker', userId: member.id, date: reunion.today });
    }

    const again = await digestInto(dir)(['Indian/Reunion']);

    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toBe(2);
    expect(written(dir)).toHaveLength(2);
  });
});

function raisedAlert(name: string): Alert {
  const found = raised[name];
  if (found === undefined) throw new Error(`no alert ${name}`);
  return found;
}

describe('the digest of other time zones', () => {
  it('sends nothing to a structure outside the time zones of the run', async () => {
    const dir = anOutbox();

    const report = await digestInto(dir)(['America/Cayenne']);

    expect(report).toEqual({ structures: 0, sent: [], alreadySent: 0, failed: [] });
    expect(written(dir)).toEqual([]);
  });

  it('sends Europe/Paris’s structures their own alerts', async () => {
    const dir = anOutbox();

    const report = await digestInto(dir)(['Europe/Paris']);

    const mails = written(dir);
    expect(mails.map((mail) => mail.eml.headers.get('to'))).toEqual([people.benali.email]);
    expect(report.sent.map((sent) => sent.tenantId)).toEqual([mainland.tenantId]);
    const { eml } = to(mails, people.benali);
    expect(eml.headers.get('subject')).toBe(
      `Appui – 1 alerte à traiter au ${frenchDate(mainland.today)}`,
    );
    expect(eml.text).toContain(lineOf(raisedAlert('benali')));
    expect(eml.text).not.toContain('Zéphirine');
  });
});

describe('a send that fails', () => {
  it('takes its marker back, so that the next run sends it', async () => {
    const subject = { type: 'case' as const, id: newId() };
    const hoaraus = anAlert(reunion, {
      subject,
      recipientId: people.hoarau.id,
      label: 'Kévin (dossier 9F8E7D6C)',
    });
    await store([alertItem(hoaraus)]);
    const dir = anOutbox();
    const outbox = makeOutboxMailer(dir);
    const failing: Mailer = {
      send: async (message) => {
        if (message.to === people.hoarau.email) throw new Error('SES is down');
        return outbox.send(message);
      },
    };

    const first = await digestInto(dir, failing)(['Indian/Reunion']);

    expect(first.failed).toEqual([
      { tenantId: reunion.tenantId, userId: people.hoarau.id, reason: 'Error' },
    ]);
    expect(first.sent.map((sent) => sent.userId)).not.toContain(people.hoarau.id);
    const toHoarau = () =>
      written(dir).filter((mail) => mail.eml.headers.get('to') === people.hoarau.email);
    expect(toHoarau()).toEqual([]);

    const second = await digestInto(dir)(['Indian/Reunion']);

    expect(second.sent.map((sent) => sent.userId)).toEqual([people.hoarau.id]);
    expect(toHoarau()).toHaveLength(1);
    expect(toHoarau()[0]?.eml.text).toContain(lineOf(hoaraus));
  });
});

describe('a marker whose answer was lost', () => {
  it('still sends the digest when the SDK’s retry finds the run’s own marker', async () => {
    const hoaraus = anAlert(reunion, {
      subject: { type: 'case', id: newId() },
      recipientId: people.hoarau.id,
      label: 'Ginette (dossier 1A2B3C4D)',
    });
    await store([alertItem(hoaraus)]);
    const dir = anOutbox();
    // Each marker's PutItem lands, then its connection drops: the SDK sends it again, and the
    // second attempt finds the marker there (its own).
    const name = 'loseMarkerAnswers';
    const lost = new Set<string>();
    world.appDb.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const request: unknown = args.request;
        const headers: unknown =
          typeof request === 'object' && request !== null ? Reflect.get(request, 'headers') : {};
        const body: unknown =
          typeof request === 'object' && request !== null ? Reflect.get(request, 'body') : '';
        const operation: unknown =
          typeof headers === 'object' && headers !== null
            ? Reflect.get(headers, 'x-amz-target')
            : '';
        if (
          operation === 'DynamoDB_20120810.PutItem' &&
          String(body).includes('digest-marker') &&
          !lost.has(String(body))
        ) {
          lost.add(String(body));
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return result;
      },
      { step: 'deserialize', name },
    );
    // Tomorrow: today's digests went out in the tests above, their markers are there.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const sendTomorrow = makeSendDigests({
      db: world.appDb,
      tableName: world.tableName,
      now: () => tomorrow,
      mailer: makeOutboxMailer(dir),
      publicUrl,
    });
    let report: Awaited<ReturnType<typeof sendTomorrow>>;
    try {
      report = await sendTomorrow(['Indian/Reunion']);
    } finally {
      world.appDb.middlewareStack.remove(name);
    }

    expect(lost.size).toBeGreaterThan(0);
    expect(report.sent.map((sent) => sent.userId)).toContain(people.hoarau.id);
    expect(
      written(dir).filter((mail) => mail.eml.headers.get('to') === people.hoarau.email),
    ).toHaveLength(1);
  });
});

describe('the portal’s address', () => {
  it('is http://localhost:3000 unless APPUI_PUBLIC_URL says otherwise', () => {
    vi.stubEnv('APPUI_PUBLIC_URL', '');
    expect(loadPublicUrl()).toBe('http://localhost:3000');

    vi.stubEnv('APPUI_PUBLIC_URL', 'https://appui.example.org/');
    expect(loadPublicUrl()).toBe('https://appui.example.org');

    vi.stubEnv('APPUI_PUBLIC_URL', 'pas une adresse');
    expect(() => loadPublicUrl()).toThrow(/APPUI_PUBLIC_URL/);
  });
});
