import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { caseItem } from '../../shared/cases/case.ts';
import { ValidationError } from '../../shared/errors.ts';
import { aCase } from '../support/builders.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await aFreshTable();
});

const aSchedulerContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'appui-deadlines',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:appui-deadlines',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/appui-deadlines',
  logStreamName: '2027/03/01/[$LATEST]0123456789abcdef',
  // The deployed function's timeout (5 minutes, schedules-stack.ts), which middy races it against.
  getRemainingTimeInMillis: () => 300_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** The handler, built at module level from the environment as in the Lambda. */
async function theHandler() {
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('DYNAMODB_ENDPOINT', table.endpoint);
  // As Lambda sets it for a function that is not provisioned: its first run is a cold start.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  return (await import('../../functions/deadlines/handler.ts')).handler;
}

/** The lines the function writes to stdout while `run` runs (Powertools writes metrics there). */
async function stdoutOf<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { result: await run(), lines };
  } finally {
    spy.mockRestore();
  }
}

describe('functions/deadlines handler', () => {
  it('sweeps the zones where the scheduled time is 06:00, and publishes its counts as metrics', async () => {
    const silent = {
      ...aCase().signed('2027-01-01', '2027-12-31').build(),
      lastContactOn: '2027-02-15',
    };
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: caseItem(silent) }));
    const handler = await theHandler();

    const { result, lines } = await stdoutOf(() =>
      handler({ scheduledTime: '2027-03-01T02:00:00Z' }, aSchedulerContext),
    );

    expect(result).toMatchObject({
      timeZones: [{ timeZone: 'Indian/Reunion', date: '2027-03-01' }],
      itemsRead: 1,
      alertsRaised: 1,
    });
    const emf = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line): unknown => JSON.parse(line));
    expect(emf).toContainEqual(
      expect.objectContaining({ service: 'deadlines', AlertsRaised: 1, ItemsRead: 1 }),
    );
    expect(emf).toContainEqual(expect.objectContaining({ ColdStart: 1 }));
    expect(lines.join('')).not.toContain('Zéphirine');
  });

  it('refuses an event it cannot read', async () => {
    const handler = await theHandler();

    await expect(
      stdoutOf(() => handler({ scheduledTime: 'tomorrow morning' }, aSchedulerContext)),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
