/**
 * Retention erases the sealed notes with the rest: after the job, nothing of an erased support
 * still holds a `sealed` attribute (the ciphertexts go with their items; the stub has none), and
 * the retention job itself never needed a key.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { caseKey } from '../../shared/cases/case.ts';
import { tenantPrefix } from '../../shared/data/keys.ts';
import { referralKey } from '../../shared/referrals/referral.ts';
import { makeRetention } from '../../shared/retention/retention.ts';
import { supportStubType } from '../../shared/stats/stub.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

let current = new Date('2026-03-02T06:00:00.000Z');
const today = () => new Date(current.getTime() + 4 * 3_600_000).toISOString().slice(0, 10);

let world: ApiWorld;
let kazEmploi: string;
let closedCase: string;
let declined: string;

async function send(token: string, path: string, body: unknown, ifMatch?: string) {
  const response = await world.call(token, 'POST', path, {
    body,
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
  });
  if (response.status >= 300) {
    expect({ path, status: response.status, body: await response.text() }).toEqual({ path });
  }
  return { etag: response.headers.get('etag') ?? '', body: await response.json() };
}

async function file(prescriber: string, reason: string): Promise<string> {
  const { body } = await send(prescriber, '/api/v1/referrals', {
    structureId: kazEmploi,
    person: {
      firstName: 'Rosemay',
      lastName: 'Payet',
      birthDate: '1979-09-30',
      gender: 'female',
      postalCode: '97430',
      city: 'Le Tampon',
    },
    situation: { minimumIncome: 'ass', registeredWithFranceTravail: true },
    barriers: ['health'],
    specificPublics: [],
    context: 'upstream-of-employment',
    reason,
    consent: true,
  });
  return z.object({ id: z.string() }).parse(body).id;
}

/** The stored items of a support (referral and case file), with a plain client. */
async function storedItemsOf(id: string): Promise<Record<string, unknown>[]> {
  const ranges = [referralKey(kazEmploi, id).SK, caseKey(kazEmploi, id).SK];
  const found: Record<string, unknown>[] = [];
  for (const prefix of ranges) {
    const page = await world.adminDb.send(
      new QueryCommand({
        TableName: world.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': tenantPrefix(kazEmploi), ':prefix': prefix },
      }),
    );
    found.push(...(page.Items ?? []));
  }
  return found;
}

beforeAll(async () => {
  world = await anApiWorld(() => current);
  const structure = world.demo.structures.find((found) => found.name === 'Association Kaz’Emploi');
  if (structure === undefined) throw new Error('no Kaz’Emploi in the demo world');
  kazEmploi = structure.id;
  const prescriber = await world.tokenFor(world.user(demoAccounts.franceTravail));
  const referentUser = world.user(demoAccounts.reunionReferents[0]);
  const referent = await world.tokenFor(referentUser);

  closedCase = await file(prescriber, 'Motif scellé de la prescription acceptée.');
  await send(
    referent,
    `/api/v1/inbox/${closedCase}/accept`,
    { referentId: referentUser.id },
    '"1"',
  );
  const scored = await send(
    referent,
    `/api/v1/cases/${closedCase}/diagnostics`,
    {
      stage: 'entry',
      scoredOn: today(),
      scores: { health: 2 },
      notes: 'Notes scellées du diagnostic.',
    },
    '"1"',
  );
  const contact = await send(
    referent,
    `/api/v1/cases/${closedCase}/journal`,
    {
      kind: 'interview',
      date: today(),
      durationMinutes: 30,
      topics: ['health'],
      actions: [],
      partners: [],
      summary: 'Résumé scellé.',
      privateNote: 'Note privée scellée.',
    },
    scored.etag,
  );
  await send(
    referent,
    `/api/v1/cases/${closedCase}/exit`,
    { date: today(), outcome: 'moved-away' },
    contact.etag,
  );
  declined = await file(prescriber, 'Motif scellé de la prescription refusée.');
  await send(
    referent,
    `/api/v1/inbox/${declined}/decline`,
    { reason: 'not-eligible', text: 'Texte de refus scellé.' },
    '"1"',
  );
});

describe('retention and the sealed notes', () => {
  it('erases every sealed attribute of the supports it erases, without any key', async () => {
    const before = [...(await storedItemsOf(closedCase)), ...(await storedItemsOf(declined))];
    expect(before.filter((item) => item.sealed !== undefined).length).toBeGreaterThanOrEqual(4);

    current = new Date('2028-03-10T06:00:00.000Z');
    const report = await makeRetention({
      db: world.adminDb,
      tableName: world.tableName,
      now: () => current,
      settings: defaultSettings,
    })({ date: '2028-03-10' });

    expect(report.erasures.map((erasure) => erasure.id).sort()).toEqual(
      expect.arrayContaining([closedCase, declined].sort()),
    );
    for (const id of [closedCase, declined]) {
      const after = await storedItemsOf(id);
      expect(after.map((item) => item.type)).toEqual([supportStubType]);
      expect(after.filter((item) => item.sealed !== undefined)).toEqual([]);
    }
  });
});
