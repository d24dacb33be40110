/**
 * Many writers on one case at once, through the HTTP API on DynamoDB Local: the version in
 * `If-Match` lets exactly one writer win each version, and the others are told to reload.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { supportCase } from '../../shared/cases/case.ts';
import { journalEntry } from '../../shared/cases/journal/journal-entry.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

const fixedDate = new Date('2026-03-02T06:00:00.000Z');
/** The day `fixedDate` falls on in La Réunion (UTC+4). */
const today = '2026-03-02';
const writers = 50;

const caseFileAnswer = z.object({
  case: supportCase,
  journal: z.array(journalEntry),
});
const journalAnswer = z.object({ case: supportCase, entry: journalEntry });
const problemAnswer = z.object({ status: z.int(), title: z.string(), detail: z.string() });

function aJournalEntry(writer: number) {
  return {
    kind: 'phone',
    date: today,
    durationMinutes: 15,
    topics: ['housing'],
    actions: ['procedures'],
    partners: [],
    summary: `Appel n° ${writer} : point sur le dossier de logement.`,
  };
}

/** Exponential backoff with full jitter, so the losers of one round do not all collide again. */
function backoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(1_000, 50 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}

function versionOf(response: Response): string {
  const tag = response.headers.get('etag');
  if (tag === null) throw new Error(`no ETag on ${response.status}`);
  return tag;
}

/** A case of the demo in its first period, run by the first Réunion référent, and their token. */
async function aCaseUnderWay(world: ApiWorld) {
  const referent = world.user(demoAccounts.reunionReferents[0]);
  const found = world.demo.cases.find(
    (candidate) => candidate.referentId === referent.id && candidate.phase === 'period-1',
  );
  if (found === undefined) throw new Error('the demo has no case in period 1 for this référent');
  return { caseId: found.id, token: await world.tokenFor(referent) };
}

async function readCase(world: ApiWorld, token: string, caseId: string) {
  const response = await world.call(token, 'GET', `/api/v1/cases/${caseId}`);
  expect(response.status).toBe(200);
  return { etag: versionOf(response), file: caseFileAnswer.parse(await response.json()) };
}

describe('concurrent updates of one case', () => {
  it('accepts exactly one of 50 simultaneous writes made with the same If-Match, and answers 412 to the others', async () => {
    const world = await anApiWorld(() => fixedDate);
    const { caseId, token } = await aCaseUnderWay(world);
    const before = await readCase(world, token, caseId);

    const responses = await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        world.call(token, 'POST', `/api/v1/cases/${caseId}/journal`, {
          body: aJournalEntry(writer),
          headers: { 'If-Match': before.etag },
        }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(writers - 1);
    const refusals = await Promise.all(
      responses
        .filter((response) => response.status === 412)
        .map(async (response) => {
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          return problemAnswer.parse(await response.json());
        }),
    );
    for (const refusal of refusals) expect(refusal.detail).toMatch(/rechargez-le/);
    const after = await readCase(world, token, caseId);
    expect(after.file.case.version).toBe(before.file.case.version + 1);
    expect(after.file.journal).toHaveLength(before.file.journal.length + 1);
  });

  // About 10 s alone: the longer timeout is headroom for a loaded two-core machine.
  it('lets 50 writers that reload and retry on 412 all get through, one winner per version', async () => {
    const world = await anApiWorld(() => fixedDate);
    const { caseId, token } = await aCaseUnderWay(world);
    const before = await readCase(world, token, caseId);
    const maxAttempts = 60;
    let unexpected: string | undefined;

    const tryToWrite = async (writer: number) => {
      for (let attempt = 1; attempt <= maxAttempts && unexpected === undefined; attempt += 1) {
        const { etag } = await readCase(world, token, caseId);
        const response = await world.call(token, 'POST', `/api/v1/cases/${caseId}/journal`, {
          body: aJournalEntry(writer),
          headers: { 'If-Match': etag },
        });
        if (response.status === 201) {
          const accepted = journalAnswer.parse(await response.json());
          expect(versionOf(response)).toBe(`"${accepted.case.version}"`);
          return accepted;
        }
        if (response.status !== 412) {
          // Anything but "reload and retry" stops every writer: the answer is wrong, not late.
          unexpected = `writer ${writer} got ${response.status}: ${await response.text()}`;
          break;
        }
        await backoff(attempt);
      }
      throw new Error(unexpected ?? `writer ${writer} still refused after ${maxAttempts} attempts`);
    };
    const write = (writer: number) =>
      tryToWrite(writer).catch((error: unknown) => {
        unexpected ??= String(error);
        throw error;
      });
    const accepted = await Promise.all(
      Array.from({ length: writers }, (_, writer) => write(writer)),
    );

    const after = await readCase(world, token, caseId);
    expect(after.file.case.version).toBe(before.file.case.version + accepted.length);
    const versions = accepted.map((result) => result.case.version).sort((a, b) => a - b);
    expect(versions).toEqual(
      Array.from({ length: writers }, (_, index) => before.file.case.version + 1 + index),
    );
    const journalIds = new Set(after.file.journal.map((entry) => entry.id));
    for (const result of accepted) expect(journalIds.has(result.entry.id)).toBe(true);
    expect(after.file.journal).toHaveLength(before.file.journal.length + writers);
  }, 180_000);
});
