import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await aFreshTable();
});

const aSchedulerContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'appui-retention',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:appui-retention',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/appui-retention',
  logStreamName: '2029/01/01/[$LATEST]0123456789abcdef',
  // The deployed function's timeout (15 minutes, schedules-stack.ts), which middy races it against.
  getRemainingTimeInMillis: () => 900_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** The handler, built at module level from the environment as in the Lambda. */
async function theHandler() {
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('DYNAMODB_ENDPOINT', table.endpoint);
  return (await import('../../functions/retention/handler.ts')).handler;
}

describe('functions/retention handler', () => {
  it('runs for the operator’s day, dry, and publishes its counts as metrics', async () => {
    const handler = await theHandler();
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const report = await handler({ date: '2029-01-01', dryRun: true }, aSchedulerContext);
      expect(report).toMatchObject({ date: '2029-01-01', dryRun: true, erasures: [], failed: [] });
      // Two kinds, four shards: one Query each on an empty index.
      expect(report.pages).toBe(8);
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line): unknown => JSON.parse(line));
    expect(emf).toContainEqual(
      expect.objectContaining({ service: 'retention', CasesErased: 0, PurgeIndexPages: 8 }),
    );
  });

  it('refuses an event it cannot read', async () => {
    const handler = await theHandler();
    await expect(handler({ date: 'next monday' }, aSchedulerContext)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
