import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { reportMetrics } from '../../functions/middlewares/report-metrics.ts';

interface Report {
  done: number;
  failed: string[];
}

class IncompleteError extends Error {
  constructor(readonly report: Report) {
    super('incomplete');
    this.name = 'IncompleteError';
  }
}

const counts = {
  Done: (report: Report) => report.done,
  Failed: (report: Report) => report.failed.length,
};

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'appui-job',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:appui-job',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/appui-job',
  logStreamName: '2027/03/01/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** A job answering with `run`, behind the middlewares as the handlers stack them. */
function aJob(run: () => Promise<Report>) {
  const metrics = new Metrics({ namespace: 'Appui', serviceName: 'job' });
  return middy(run)
    .use(logMetrics(metrics))
    .use(
      reportMetrics(metrics, counts, (error) =>
        error instanceof IncompleteError ? error.report : undefined,
      ),
    );
}

/** The EMF documents written while `run` runs, and the error it ended with if any. */
async function metricsOf(run: () => Promise<unknown>) {
  const lines: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  // Powertools warns on stderr when a flush has no metric.
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let error: unknown;
  try {
    await run();
  } catch (thrown: unknown) {
    error = thrown;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const emf = lines
    .flatMap((line) => line.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line): unknown => JSON.parse(line));
  return { emf, error };
}

describe('the reportMetrics middleware', () => {
  it('publishes the counts of the report the job answers with', async () => {
    const job = aJob(async () => ({ done: 3, failed: ['a'] }));

    const { emf, error } = await metricsOf(() => job({}, context));

    expect(error).toBeUndefined();
    expect(emf).toContainEqual(expect.objectContaining({ service: 'job', Done: 3, Failed: 1 }));
  });

  it('publishes what an incomplete run did, and lets its error through', async () => {
    const incomplete = new IncompleteError({ done: 2, failed: ['a', 'b'] });
    const job = aJob(() => Promise.reject(incomplete));

    const { emf, error } = await metricsOf(() => job({}, context));

    expect(error).toBe(incomplete);
    expect(emf).toContainEqual(expect.objectContaining({ Done: 2, Failed: 2 }));
  });

  it('publishes no count for an error that carries no report', async () => {
    const unreachable = new Error('table unreachable');
    const job = aJob(() => Promise.reject(unreachable));

    const { emf, error } = await metricsOf(() => job({}, context));

    expect(error).toBe(unreachable);
    expect(emf).not.toContainEqual(expect.objectContaining({ Done: expect.any(Number) }));
  });
});
