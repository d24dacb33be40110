import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../functions/api/app.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { isMomentaryFailure } from '../../shared/data/momentary-failure.ts';
import { toProblem } from '../../shared/http/problem.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { type PortalEnv, portalOnError } from '../../web/area.tsx';
import { unusedMailer } from '../support/mailer.ts';

const metadata = { httpStatusCode: 400, attempts: 3, totalRetryDelay: 180 };

/** What the SDK throws once its own retries are spent, one of each kind. */
const momentary: [string, () => Error][] = [
  [
    'throttling (provisioned throughput)',
    () =>
      new ProvisionedThroughputExceededException({
        message: 'The level of configured provisioned throughput for the table was exceeded.',
        $metadata: metadata,
      }),
  ],
  [
    'throttling (on-demand)',
    () =>
      new ThrottlingException({ message: 'Throughput exceeds the limit.', $metadata: metadata }),
  ],
  [
    'a 500 InternalServerError',
    () =>
      new InternalServerError({
        message: 'Internal server error',
        $metadata: { ...metadata, httpStatusCode: 500 },
      }),
  ],
  [
    'a timeout',
    () => Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
  ],
  [
    'a dropped connection',
    () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  ],
  [
    'a transaction stopped by throttling',
    () =>
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
        $metadata: metadata,
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      }),
  ],
];

const dynamo = mockClient(DynamoDBDocumentClient);
const api = createApi({
  db: makeDocumentClient({ region: 'eu-west-3' }),
  tableName: 'appui-test',
  now: () => new Date(),
  verifier: {
    verify: () =>
      Promise.resolve({
        role: 'referent',
        userId: '0192f000-0000-7000-8000-00000000aaaa',
        tenantId: '0192f000-0000-7000-8000-00000000bbbb',
      }),
  },
  settings: defaultSettings,
  provisioner: makeTableIdentityProvisioner(),
  mailer: unusedMailer,
});

afterEach(() => {
  dynamo.reset();
});

describe('a momentary DynamoDB failure', () => {
  it.each(momentary)(
    'answers %s through the API as 503 problem+json with Retry-After',
    async (_, failure) => {
      dynamo.onAnyCommand().rejects(failure());
      const response = await api.request('/api/v1/cases', {
        headers: { authorization: 'Bearer a-token' },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({
        status: 503,
        title: 'Service momentanément indisponible',
        detail: expect.stringContaining('Réessayez'),
        instance: '/api/v1/cases',
      });
      expect(text).not.toMatch(/throughput|socket|timed out|Internal server/i);
    },
  );

  it.each(momentary)(
    'answers %s on a portal page as a French 503 page with Retry-After',
    async (_, failure) => {
      const portal = new Hono<PortalEnv>()
        .get('/structure/dossiers', () => {
          throw failure();
        })
        .onError(portalOnError);
      const response = await portal.request('/structure/dossiers');
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('Service momentanément indisponible');
    },
  );

  it('is told apart even when a use case wrapped it', () => {
    const wrapped = new Error('listing failed', { cause: momentary[0]?.[1]() });
    expect(toProblem(wrapped).status).toBe(503);
  });
});

describe('what is not a momentary failure', () => {
  it('stays a 500 that leaks nothing: a malformed request is a defect, not load', () => {
    const error = new DynamoDBServiceException({
      name: 'ValidationException',
      $fault: 'client',
      message: 'One or more parameter values were invalid',
      $metadata: metadata,
    });
    expect(isMomentaryFailure(error)).toBe(false);
    expect(toProblem(error).status).toBe(500);
  });

  it('leaves a transaction whose condition failed to the use case (a conflict, not load)', () => {
    const error = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: metadata,
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ThrottlingError' }],
    });
    expect(isMomentaryFailure(error)).toBe(false);
  });
});
