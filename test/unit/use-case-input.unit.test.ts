import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { makeExitCase } from '../../shared/cases/exit/exit-case.ts';
import { makeAddJournalEntry } from '../../shared/cases/journal/add-journal-entry.ts';
import { makeRequestRenewal } from '../../shared/cases/renewal/request-renewal.ts';
import { ValidationError } from '../../shared/errors.ts';
import { toProblem } from '../../shared/http/problem.ts';
import { makeAcceptReferral } from '../../shared/referrals/accept-referral.ts';
import { checkIds, defaultSettings, type UseCaseDeps } from '../../shared/use-case.ts';

const db = mockClient(DynamoDBDocumentClient);
const deps: UseCaseDeps = {
  db: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' })),
  tableName: 'appui-test',
  now: () => new Date('2026-03-02T09:00:00Z'),
  settings: defaultSettings,
};
const actor = {
  role: 'structure-admin',
  userId: '0192f0a0-0000-7000-8000-0000000000d0',
  tenantId: '0192f0a0-0000-7000-8000-00000000000a',
} as const;
const caseId = '0192f0a0-0000-7000-8000-0000000000e0';

/** The error `fn` throws; fails the test when it throws nothing. */
async function thrownBy(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

afterEach(() => {
  db.reset();
});

describe('a use case checks the ids it is given on entry', () => {
  it('accepts uuids', () => {
    expect(() => checkIds({ caseId, referentId: actor.userId })).not.toThrow();
  });

  it('refuses an id that is not a uuid with a French 422 naming it, before any DynamoDB call', async () => {
    const error = await thrownBy(() =>
      makeRequestRenewal(deps)(actor, 'pas-un-id', 1, 'Encore trois mois pour le logement.'),
    );

    expect(error).toBeInstanceOf(ValidationError);
    const problem = toProblem(error);
    expect(problem.status).toBe(422);
    expect(problem.title).toBe('Données invalides');
    expect(problem.invalidFields?.map((field) => field.name)).toEqual(['caseId']);
    expect(problem.invalidFields?.[0]?.reason).toMatch(/UUID/i);
    expect(db.calls()).toHaveLength(0);
  });

  it('names each id refused', async () => {
    const error = await thrownBy(() => makeAcceptReferral(deps)(actor, caseId, 1, 'quelqu’un'));

    expect(error).toBeInstanceOf(ValidationError);
    expect(toProblem(error).invalidFields?.map((field) => field.name)).toEqual(['referentId']);
    expect(db.calls()).toHaveLength(0);
  });
});

describe('a use case checks the body it is given on entry', () => {
  it('refuses a journal entry out of bounds with a French 422 naming the field, before any DynamoDB call', async () => {
    const error = await thrownBy(() =>
      makeAddJournalEntry(deps)(actor, caseId, 1, {
        kind: 'phone',
        date: '2026-03-01',
        durationMinutes: 0,
        topics: [],
        actions: [],
        partners: [],
        summary: 'Point sur la demande de logement.',
      }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    const problem = toProblem(error);
    expect(problem.status).toBe(422);
    expect(problem.invalidFields?.map((field) => field.name)).toEqual(['durationMinutes']);
    expect(db.calls()).toHaveLength(0);
  });

  it('refuses an exit without its outcome the same way, whichever doorway called it', async () => {
    const error = await thrownBy(() =>
      makeExitCase(deps)(actor, caseId, 1, {
        date: '2026-03-01',
        outcome: 'not-an-outcome' as never,
      }),
    );

    expect(toProblem(error).invalidFields?.map((field) => field.name)).toEqual(['outcome']);
    expect(db.calls()).toHaveLength(0);
  });
});
