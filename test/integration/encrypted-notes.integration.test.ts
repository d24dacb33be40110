/**
 * The notes never reach DynamoDB in clear: a referral's reason and decline text, a diagnostic's
 * notes, a journal entry's summary and private note go through the API, and the raw items of the
 * structure's partition (read behind the API's back, as a table export or a console would) hold
 * none of them — while the API gives each back in clear to whom it gave it before. Then what a
 * destroyed key and a ciphertext moved to another item read as.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { barrierScores, barrierScoresKey } from '../../shared/cases/diagnostic/barrier-scores.ts';
import { journalEntry, journalEntryKey } from '../../shared/cases/journal/journal-entry.ts';
import { processTenantKeys } from '../../shared/crypto/defaults.ts';
import { unreadableNote } from '../../shared/crypto/sealed-items.ts';
import { orgPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import { referral, referralKey } from '../../shared/referrals/referral.ts';
import { referralFollowUp } from '../../shared/referrals/referral-follow-up.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

/** Texts that appear nowhere else: found in a raw item, they were stored in clear. */
const secrets = {
  reason: 'Raison-7QX4 : sortie de détention en mars, hébergée au CHRS Les Lataniers.',
  declineText: 'Refus-K2M9 : dette de loyer trop lourde pour notre dispositif.',
  diagnosticNotes: 'Diagnostic-P5T1 : suivi CSAPA pour une addiction, sérologie à refaire.',
  summary: 'Résumé-W8N3 : point sur la demande de logement social et la dette CAF.',
  privateNote: 'Privée-H6D2 : craint de perdre la garde de ses enfants.',
};

const caseFile = z.object({
  barrierScores: z.array(barrierScores),
  journal: z.array(journalEntry),
});
const journalResult = z.object({ entry: journalEntry });

let world: ApiWorld;
let kazEmploi: string;
let prescriber: string;
let referent: { id: string; token: string };
let admin: string;
let acceptedId: string;
let declinedId: string;
let caseId: string;

function post(token: string, path: string, body: unknown, ifMatch?: string) {
  return world.call(token, 'POST', path, {
    body,
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
  });
}

async function ok<T>(response: Response, status: number, schema: z.ZodType<T>): Promise<T> {
  if (response.status !== status) {
    expect({ status: response.status, body: await response.text() }).toEqual({ status });
  }
  return schema.parse(await response.json());
}

function aReferral(reason: string) {
  return {
    structureId: kazEmploi,
    person: {
      firstName: 'Maëlys',
      lastName: 'Técher',
      birthDate: '1990-02-11',
      gender: 'female',
      postalCode: '97460',
      city: 'Saint-Paul',
    },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    barriers: ['housing', 'addiction'],
    specificPublics: [],
    context: 'upstream-of-employment',
    reason,
    consent: true,
  };
}

/** Every item of a partition, as stored, with a plain (unguarded, keyless) client. */
async function rawItems(partition: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await world.adminDb.send(
      new QueryCommand({
        TableName: world.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** The items as a reader of an export would search them: every byte as UTF-8 and as Latin-1. */
function asText(items: Record<string, unknown>[]): string {
  const bytes: Buffer[] = [];
  const json = JSON.stringify(items, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      bytes.push(Buffer.from(value));
      return '<bytes>';
    }
    return value;
  });
  return [
    json,
    ...bytes.map((buffer) => buffer.toString('utf8')),
    ...bytes.map((buffer) => buffer.toString('latin1')),
  ].join('\n');
}

beforeAll(async () => {
  world = await anApiWorld(() => new Date('2026-03-02T06:00:00.000Z'));
  const structure = world.demo.structures.find((found) => found.name === 'Association Kaz’Emploi');
  if (structure === undefined) throw new Error('no Kaz’Emploi in the demo world');
  kazEmploi = structure.id;
  prescriber = await world.tokenFor(world.user(demoAccounts.franceTravail));
  const referentUser = world.user(demoAccounts.reunionReferents[0]);
  referent = { id: referentUser.id, token: await world.tokenFor(referentUser) };
  admin = await world.tokenFor(world.user(demoAccounts.reunionAdmin));

  acceptedId = (
    await ok(
      await post(prescriber, '/api/v1/referrals', aReferral(secrets.reason)),
      201,
      referralFollowUp,
    )
  ).id;
  declinedId = (
    await ok(
      await post(prescriber, '/api/v1/referrals', aReferral('Une autre orientation, sans secret.')),
      201,
      referralFollowUp,
    )
  ).id;
  await ok(
    await post(
      admin,
      `/api/v1/inbox/${declinedId}/decline`,
      { reason: 'no-capacity', text: secrets.declineText },
      '"1"',
    ),
    200,
    referral,
  );
  caseId = (
    await ok(
      await post(
        referent.token,
        `/api/v1/inbox/${acceptedId}/accept`,
        { referentId: referent.id },
        '"1"',
      ),
      200,
      z.object({ caseId: z.string() }),
    )
  ).caseId;
  await ok(
    await post(
      referent.token,
      `/api/v1/cases/${caseId}/diagnostics`,
      {
        stage: 'entry',
        scoredOn: '2026-03-02',
        scores: { housing: 3, addiction: 2 },
        notes: secrets.diagnosticNotes,
      },
      '"1"',
    ),
    201,
    z.object({ scores: barrierScores }),
  );
  await ok(
    await post(
      referent.token,
      `/api/v1/cases/${caseId}/journal`,
      {
        kind: 'interview',
        date: '2026-03-02',
        durationMinutes: 45,
        topics: ['housing'],
        actions: ['procedures'],
        partners: ['caf'],
        summary: secrets.summary,
        privateNote: secrets.privateNote,
      },
      '"2"',
    ),
    201,
    journalResult,
  );
});

describe('notes at rest', () => {
  it('are nowhere in the raw items of the structure’s partition, nor in the prescriber’s', async () => {
    const text = asText([
      ...(await rawItems(tenantPrefix(kazEmploi))),
      ...(await rawItems(orgPrefix(world.user(demoAccounts.franceTravail).orgId ?? ''))),
    ]);

    for (const [name, secret] of Object.entries(secrets)) {
      expect(text.includes(secret), name).toBe(false);
      // Nor any distinctive piece of it.
      expect(text.includes(secret.slice(0, 11)), name).toBe(false);
    }
  });

  it('are stored as binary attributes of a `sealed` map, with no clear field beside them', async () => {
    const items = await rawItems(tenantPrefix(kazEmploi));
    const at = (sortKey: string) => items.find((item) => item.SK === sortKey);
    const journal = items.find(
      (item) => item.type === 'journal-entry' && String(item.SK).startsWith(`CASE#${caseId}`),
    );
    const cases = [
      { item: at(referralKey(kazEmploi, acceptedId).SK), fields: ['reason'] },
      { item: at(referralKey(kazEmploi, declinedId).SK), fields: ['reason', 'decline.text'] },
      { item: at(barrierScoresKey(kazEmploi, caseId, 'entry').SK), fields: ['notes'] },
      { item: journal, fields: ['summary', 'privateNote'] },
    ];
    for (const { item, fields } of cases) {
      expect(item, fields.join()).toBeDefined();
      const sealed = z.record(z.string(), z.instanceof(Uint8Array)).parse(item?.sealed);
      expect(Object.keys(sealed).sort()).toEqual([...fields].sort());
      for (const field of fields)
        expect(item?.[field.split('.')[0] ?? ''], field).not.toBeTypeOf('string');
    }
    expect(at(referralKey(kazEmploi, declinedId).SK)?.decline).toEqual({ reason: 'no-capacity' });
  });
});

describe('notes through the API', () => {
  it('come back in clear to the référent who wrote them, private note included', async () => {
    const file = await ok(
      await world.call(referent.token, 'GET', `/api/v1/cases/${caseId}`),
      200,
      caseFile,
    );

    expect(file.barrierScores[0]?.notes).toBe(secrets.diagnosticNotes);
    expect(file.journal[0]?.summary).toBe(secrets.summary);
    expect(file.journal[0]?.privateNote).toBe(secrets.privateNote);
  });

  it('give the structure-admin the summary and the diagnostic, never another’s private note', async () => {
    const file = await ok(await world.call(admin, 'GET', `/api/v1/cases/${caseId}`), 200, caseFile);

    expect(file.journal[0]?.summary).toBe(secrets.summary);
    expect(file.journal[0]?.privateNote).toBeUndefined();
    expect(file.barrierScores[0]?.notes).toBe(secrets.diagnosticNotes);
  });

  it('give the structure the referral’s reason and its decline text', async () => {
    const accepted = await ok(
      await world.call(admin, 'GET', `/api/v1/inbox/${acceptedId}`),
      200,
      referral,
    );
    const declined = await ok(
      await world.call(admin, 'GET', `/api/v1/inbox/${declinedId}`),
      200,
      referral,
    );
    const listed = await ok(
      await world.call(admin, 'GET', '/api/v1/inbox?status=declined&limit=100'),
      200,
      z.object({ items: z.array(referral) }),
    );

    expect(accepted.reason).toBe(secrets.reason);
    expect(declined.decline).toEqual({ reason: 'no-capacity', text: secrets.declineText });
    expect(listed.items.find((item) => item.id === declinedId)?.decline?.text).toBe(
      secrets.declineText,
    );
  });

  it('tell the prescriber the coded decline reason, never the text', async () => {
    const followUp = await ok(
      await world.call(prescriber, 'GET', `/api/v1/referrals/${declinedId}`),
      200,
      referralFollowUp,
    );

    expect(followUp.declineReason).toBe('no-capacity');
    expect(JSON.stringify(followUp)).not.toContain('Refus-K2M9');
  });
});

describe('a note that will not open', () => {
  it('reads as a French stand-in when moved to another item, the rest of the file as usual', async () => {
    const second = await ok(
      await post(
        referent.token,
        `/api/v1/cases/${caseId}/journal`,
        {
          kind: 'phone',
          date: '2026-03-02',
          durationMinutes: 10,
          topics: [],
          actions: [],
          partners: [],
          summary: 'Un appel court.',
        },
        '"3"',
      ),
      201,
      journalResult,
    );
    const items = await rawItems(tenantPrefix(kazEmploi));
    const first = items.find(
      (item) =>
        item.type === 'journal-entry' &&
        item.id !== second.entry.id &&
        String(item.SK).startsWith(`CASE#${caseId}`),
    );
    const target = journalEntryKey(kazEmploi, caseId, second.entry.date, second.entry.id);
    const moved = z.object({ summary: z.instanceof(Uint8Array) }).parse(first?.sealed);
    await world.adminDb.send(
      new UpdateCommand({
        TableName: world.tableName,
        Key: target,
        UpdateExpression: 'SET sealed = :sealed',
        ExpressionAttributeValues: { ':sealed': { summary: moved.summary } },
      }),
    );

    const file = await ok(
      await world.call(referent.token, 'GET', `/api/v1/cases/${caseId}`),
      200,
      caseFile,
    );

    const read = file.journal.find((entry) => entry.id === second.entry.id);
    expect(read?.summary).toBe(unreadableNote['not-this-note']);
    expect(file.journal.find((entry) => entry.id !== second.entry.id)?.summary).toBe(
      secrets.summary,
    );
  });

  it('reads as « clé détruite » once the structure’s key is destroyed, and the file still opens (no 500)', async () => {
    await processTenantKeys().destroy(kazEmploi);

    const response = await world.call(admin, 'GET', `/api/v1/cases/${caseId}`);
    const file = await ok(response, 200, caseFile);
    const inbox = await ok(
      await world.call(admin, 'GET', `/api/v1/inbox/${declinedId}`),
      200,
      referral,
    );

    expect(file.barrierScores[0]?.notes).toBe(unreadableNote['key-destroyed']);
    expect(file.journal.every((entry) => entry.summary === unreadableNote['key-destroyed'])).toBe(
      true,
    );
    expect(inbox.reason).toBe(unreadableNote['key-destroyed']);
    expect(inbox.decline?.text).toBe(unreadableNote['key-destroyed']);
    expect(inbox.person.lastName).toBe('Técher');
  });
});
