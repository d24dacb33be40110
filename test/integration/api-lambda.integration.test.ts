import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../functions/api/app.ts';
import { aLambdaContext, anHttpApiEvent } from '../support/api-gateway.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await aFreshTable();
});

describe('functions/api handler', () => {
  it('answers an HTTP API (v2) event as the local server answers the same request', async () => {
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', table.endpoint);
    const { handler } = await import('../../functions/api/handler.ts');

    const fromLambda = await handler(anHttpApiEvent('GET', '/health'), aLambdaContext);
    const local = await createApi({
      db: table.db,
      tableName: table.tableName,
      now: () => new Date(),
    }).request('/health');

    expect(fromLambda.statusCode).toBe(local.status);
    expect(fromLambda.headers?.['content-type']).toBe(local.headers.get('content-type'));
    const withoutTiming = (body: string) => body.replace(/"roundTripMs":[\d.]+/, '"roundTripMs":0');
    expect(withoutTiming(fromLambda.body)).toBe(withoutTiming(await local.text()));
    expect(JSON.parse(fromLambda.body)).toMatchObject({ status: 'ok' });

    const missing = await handler(anHttpApiEvent('GET', '/nowhere'), aLambdaContext);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toBe('application/problem+json');
  });
});
