import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../functions/api/app.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { aLambdaContext, anHttpApiEvent } from '../support/api-gateway.ts';
import { unusedMailer } from '../support/mailer.ts';
import { aFreshTable, type TestTable } from '../support/table.ts';

const issuer = 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_test';
let table: TestTable;

beforeAll(async () => {
  table = await aFreshTable();
});

const withoutTiming = (body: string) => body.replace(/"roundTripMs":[\d.]+/, '"roundTripMs":0');

describe('functions/api handler', () => {
  it('answers HTTP API (v2) events as the local server answers the same requests', async () => {
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', table.endpoint);
    vi.stubEnv('OIDC_ISSUER', issuer);
    vi.stubEnv('OIDC_AUDIENCE', 'appui-portal');
    const { handler } = await import('../../functions/api/handler.ts');
    const local = createApi({
      db: table.db,
      tableName: table.tableName,
      now: () => new Date(),
      verifier: makeTokenVerifier({
        issuer,
        audience: 'appui-portal',
        jwksUrl: `${issuer}/.well-known/jwks.json`,
      }),
      settings: defaultSettings,
      provisioner: makeTableIdentityProvisioner(),
      mailer: unusedMailer,
    });

    const requests: [string, string, Record<string, string>][] = [
      ['GET', '/health', {}],
      ['GET', '/api/v1/cases', {}],
      ['GET', '/api/v1/cases', { authorization: 'Bearer not.a.jwt' }],
      ['GET', '/nowhere', {}],
      ['GET', '/api/v1/openapi.json', {}],
    ];
    for (const [method, path, headers] of requests) {
      const fromLambda = await handler(anHttpApiEvent(method, path, { headers }), aLambdaContext);
      const fromLocal = await local.request(path, { method, headers });
      expect(fromLambda.statusCode, path).toBe(fromLocal.status);
      expect(fromLambda.headers?.['content-type'], path).toBe(
        fromLocal.headers.get('content-type'),
      );
      expect(withoutTiming(fromLambda.body), path).toBe(withoutTiming(await fromLocal.text()));
    }
  });
});
