/**
 * The storm of `npm run faults`: a few hundred API requests of every kind, a deadline sweep and
 * a statistics projector run, all through the fault proxy, one after the other (so that a seed
 * gives the same faults on the same calls). Each request is retried after a 503 as a client
 * following `Retry-After` would, with the same `Idempotency-Key` for a creation.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { DemoData } from '../../infra/local/demo-data.ts';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import type { User } from '../../shared/identity/user.ts';

import { letters, type StormPerson, stormPerson } from './people.ts';

export interface Outcome {
  /** What the request did: `referral.file`, `case.journal`… */
  action: string;
  attempt: number;
  status: number;
  /** Why an answer is not acceptable; undefined when it is. */
  wrong?: string;
}

export interface StormWorld {
  api: OpenAPIHono;
  demo: DemoData;
  tokenFor(user: User): Promise<string>;
  clock: { advanceDays(days: number): void; todayIn(timeZone: string): string };
}

/** What the storm made, for the checks afterwards. */
export interface StormResult {
  outcomes: Outcome[];
  people: StormPerson[];
  /** Referrals the storm filed (answered 201 or 200), by id. */
  referralIds: string[];
  /** Secret words of the texts sent (reasons, summaries, notes). */
  texts: string[];
}

const maxAttempts = 8;

interface Answer {
  status: number;
  body: unknown;
  etag: string | undefined;
}

/** The fields of a JSON body, or nothing. */
function fieldOf(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = Reflect.get(body, name);
  return value;
}

function stringField(body: unknown, ...path: string[]): string | undefined {
  let value: unknown = body;
  for (const name of path) value = fieldOf(value, name);
  return typeof value === 'string' ? value : undefined;
}

/** Why a 503 is not the one promised (problem+json, Retry-After, French), or undefined. */
function wrongUnavailable(response: Response, body: unknown): string | undefined {
  if (!(response.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
    // The portal answers HTML; the API must answer problem+json.
    return `503 en ${response.headers.get('content-type') ?? 'sans type'}`;
  }
  if (response.headers.get('retry-after') === null) return '503 sans Retry-After';
  if (fieldOf(body, 'status') !== 503 || stringField(body, 'title') === undefined) {
    return '503 sans problème RFC 9457';
  }
  return undefined;
}

export class Storm {
  readonly outcomes: Outcome[] = [];

  constructor(private readonly world: StormWorld) {}

  /**
   * Sends a request until it is answered otherwise than 503. On a retry, 409 and 412 may mean
   * the earlier attempt landed after all: the caller looks and says whether that is so.
   */
  async send(
    action: string,
    token: string,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer & { attempts: number }> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.world.api.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const outcome: Outcome = { action, attempt, status: response.status };
      if (response.status === 503) {
        const wrong = wrongUnavailable(response, body);
        if (wrong !== undefined) outcome.wrong = wrong;
      } else if (response.status >= 300 && !(attempt > 1 && [409, 412].includes(response.status))) {
        outcome.wrong =
          `${response.status} ${stringField(body, 'title') ?? ''} ${stringField(body, 'detail') ?? ''}`.trim();
      }
      this.outcomes.push(outcome);
      if (response.status !== 503 || attempt >= maxAttempts) {
        return {
          status: response.status,
          body,
          etag: response.headers.get('etag') ?? undefined,
          attempts: attempt,
        };
      }
    }
  }
}

/** Drives the storm; `people` referrals, each taken through part of a case's life. */
export async function runStorm(
  world: StormWorld,
  { people, seed }: { people: number; seed: number },
  sweepNow: () => Promise<void>,
): Promise<StormResult> {
  const storm = new Storm(world);
  const { demo } = world;
  const user = (email: string) => {
    const found = demo.users.find((candidate) => candidate.email === email);
    if (found === undefined) throw new Error(`no demo user ${email}`);
    return found;
  };
  const sides = [
    {
      structure: demo.structures.find((s) => s.name === 'Association Kaz’Emploi'),
      prescriber: user(demoAccounts.franceTravail),
      admin: user(demoAccounts.reunionAdmin),
      referents: demoAccounts.reunionReferents.map(user),
      postalCode: '97400',
      city: 'Saint-Denis',
    },
    {
      structure: demo.structures.find((s) => s.name !== 'Association Kaz’Emploi'),
      prescriber: user(demoAccounts.departement),
      admin: user(demoAccounts.mainlandAdmin),
      referents: demoAccounts.mainlandReferents.map(user),
      postalCode: '93200',
      city: 'Saint-Denis',
    },
  ];
  const tokens = new Map<string, string>();
  const tokenOf = async (account: User) => {
    const known = tokens.get(account.id);
    if (known !== undefined) return known;
    const made = await world.tokenFor(account);
    tokens.set(account.id, made);
    return made;
  };

  const result: StormResult = { outcomes: storm.outcomes, people: [], referralIds: [], texts: [] };
  const secretWord = (kind: string, index: number) => {
    const word = `${kind}${letters(seed * 1_000 + index)}`;
    result.texts.push(word);
    return word;
  };

  interface Followed {
    index: number;
    side: (typeof sides)[number];
    referralId: string;
    referent: User;
    etag?: string;
    accepted: boolean;
    contracted: boolean;
  }
  const followed: Followed[] = [];

  // Day 0: the referrals are filed.
  for (let index = 0; index < people; index += 1) {
    const side = sides[index % 2];
    if (side?.structure === undefined) throw new Error('the demo world lacks a structure');
    const person = stormPerson(seed, index);
    result.people.push(person);
    const filed = await storm.send(
      'referral.file',
      await tokenOf(side.prescriber),
      'POST',
      '/api/v1/referrals',
      {
        body: {
          structureId: side.structure.id,
          person: {
            ...person,
            birthDate: `19${70 + (index % 30)}-0${1 + (index % 9)}-1${index % 10}`,
            gender: index % 3 === 0 ? 'male' : 'female',
            postalCode: side.postalCode,
            city: side.city,
          },
          situation: { minimumIncome: 'rsa', registeredWithFranceTravail: index % 2 === 0 },
          barriers: ['housing', 'mobility'],
          specificPublics: [],
          context: 'upstream-of-employment',
          reason: `Hébergée chez un proche, ${secretWord('Motif', index)}.`,
          consent: true,
        },
        headers: { 'Idempotency-Key': `faults-${seed}-${index}` },
      },
    );
    const id = stringField(filed.body, 'id');
    if (filed.status < 300 && id !== undefined) {
      result.referralIds.push(id);
      const referent = side.referents[index % side.referents.length];
      if (referent === undefined) throw new Error('no referent');
      followed.push({ index, side, referralId: id, referent, accepted: false, contracted: false });
    }
  }

  /** The case's current ETag, read again after an answer that left it unknown. */
  const refresh = async (item: Followed) => {
    const read = await storm.send(
      'case.read',
      await tokenOf(item.side.admin),
      'GET',
      `/api/v1/cases/${item.referralId}`,
    );
    item.etag = read.status === 200 ? read.etag : undefined;
  };
  /** A change of the case with If-Match, then the ETag it gave (or, when unknown, read again). */
  const change = async (
    action: string,
    item: Followed,
    path: string,
    body: unknown,
    who?: User,
  ) => {
    if (item.etag === undefined) await refresh(item);
    if (item.etag === undefined) return false;
    const answer = await storm.send(
      action,
      await tokenOf(who ?? item.referent),
      'POST',
      `/api/v1/cases/${item.referralId}${path}`,
      { body, headers: { 'If-Match': item.etag } },
    );
    item.etag = answer.status < 300 ? answer.etag : undefined;
    return answer.status < 300 || answer.attempts > 1;
  };

  // Day 1: each referral answered — accepted, declined, or left waiting for the sweep.
  world.clock.advanceDays(1);
  for (const item of followed) {
    const admin = await tokenOf(item.side.admin);
    if (item.index % 5 === 0) continue;
    if (item.index % 5 === 1) {
      await storm.send(
        'referral.decline',
        admin,
        'POST',
        `/api/v1/inbox/${item.referralId}/decline`,
        {
          body: {
            reason: 'no-capacity',
            text: `Plus de place, ${secretWord('Refus', item.index)}.`,
          },
          headers: { 'If-Match': '"1"' },
        },
      );
      continue;
    }
    const accepted = await storm.send(
      'referral.accept',
      await tokenOf(item.referent),
      'POST',
      `/api/v1/inbox/${item.referralId}/accept`,
      { body: { referentId: item.referent.id }, headers: { 'If-Match': '"1"' } },
    );
    item.accepted = accepted.status < 300 || accepted.attempts > 1;
  }

  // Day 2: diagnostics, contracts, first contacts.
  world.clock.advanceDays(1);
  for (const item of followed.filter((candidate) => candidate.accepted)) {
    const today = world.clock.todayIn(item.side.structure?.timeZone ?? 'Europe/Paris');
    if (item.index % 3 !== 0) {
      await change('case.diagnostic', item, '/diagnostics', {
        stage: 'entry',
        scoredOn: today,
        scores: { housing: 3, mobility: 1 + (item.index % 3) },
      });
    }
    if (item.index % 7 !== 2) {
      item.contracted = await change('case.contract', item, '/contract', {
        signedOn: today,
        objectives: [`Trouver un logement, ${secretWord('Objectif', item.index)}`],
        personCommitments: 'Venir aux rendez-vous chaque semaine.',
        structureCommitments: 'Accompagner les démarches.',
      });
    }
    const contacts = item.index % 4 === 3 ? 0 : 1 + (item.index % 2);
    for (let contact = 0; contact < contacts; contact += 1) {
      await change('case.journal', item, '/journal', {
        kind: contact === 0 ? 'interview' : 'phone',
        date: today,
        durationMinutes: 45,
        topics: ['housing'],
        actions: ['procedures'],
        partners: ['caf'],
        summary: `Point sur le logement, ${secretWord('Resume', item.index * 10 + contact)}.`,
        privateNote: `Confie ${secretWord('Note', item.index * 10 + contact)}.`,
      });
    }
  }

  // Three weeks later: the morning sweep, through the faults too.
  world.clock.advanceDays(21);
  await sweepNow();

  // Renewals asked and decided, exits, more contacts.
  for (const item of followed.filter((candidate) => candidate.accepted)) {
    const today = world.clock.todayIn(item.side.structure?.timeZone ?? 'Europe/Paris');
    if (item.contracted && item.index % 4 === 0) {
      const asked = await change('case.renewal', item, '/renewal', {
        justification: `Formation reportée, ${secretWord('Justif', item.index)}.`,
      });
      if (asked) {
        await change(
          'case.renewal-decision',
          item,
          '/renewal/decision',
          {
            grant: item.index % 8 === 0,
            reason: `Décision, ${secretWord('Decision', item.index)}.`,
          },
          item.side.admin,
        );
      }
    }
    if (item.index % 6 === 1) {
      await change('case.exit', item, '/exit', { date: today, outcome: 'qualifying-training' });
      continue;
    }
    if (item.index % 2 === 0) {
      await change('case.journal', item, '/journal', {
        kind: 'home-visit',
        date: today,
        durationMinutes: 60,
        topics: ['housing'],
        actions: ['procedures'],
        partners: ['ccas'],
        summary: `Visite, ${secretWord('Visite', item.index)}.`,
      });
    }
  }

  // Alerts the sweep raised, taken into account by their référents.
  for (const side of sides) {
    for (const referent of side.referents) {
      const token = await tokenOf(referent);
      const listed = await storm.send('alert.list', token, 'GET', '/api/v1/alerts?limit=50');
      const items = fieldOf(listed.body, 'items');
      if (!Array.isArray(items)) continue;
      for (const [position, alert] of items.entries()) {
        const id = stringField(alert, 'id');
        if (id === undefined || stringField(alert, 'status') !== 'open' || position % 3 === 2) {
          continue;
        }
        await storm.send('alert.acknowledge', token, 'POST', `/api/v1/alerts/${id}/acknowledge`);
      }
    }
  }

  // Reads a prescriber and a structure make every day.
  for (const side of sides) {
    await storm.send('referral.list', await tokenOf(side.prescriber), 'GET', '/api/v1/referrals');
    await storm.send('case.list', await tokenOf(side.admin), 'GET', '/api/v1/cases');
    await storm.send(
      'stats.structure',
      await tokenOf(side.admin),
      'GET',
      '/api/v1/stats/structure',
    );
  }
  return result;
}
