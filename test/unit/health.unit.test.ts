import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../functions/api/app.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { unusedMailer } from '../support/mailer.ts';

const db = makeDocumentClient({ region: 'eu-west-3' });
const dynamo = mockClient(DynamoDBDocumentClient);
const api = createApi({
  db,
  tableName: 'appui-test',
  now: () => new Date(),
  verifier: { verify: () => Promise.reject(new Error('no token in these tests')) },
  settings: defaultSettings,
  provisioner: makeTableIdentityProvisioner(),
  mailer: unusedMailer,
});

afterEach(() => {
  dynamo.reset();
});

describe('GET /health', () => {
  it('answers ok with the DynamoDB round-trip time', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await api.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      dynamodb: { status: 'ok', roundTripMs: expect.any(Number) },
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('answers 503 without details when DynamoDB does not answer', async () => {
    dynamo.on(GetCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:8000'));
    const response = await api.request('/health');
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 'unavailable',
      dynamodb: { status: 'unavailable' },
    });
    expect(text).not.toContain('ECONNREFUSED');
  });
});

describe('unknown addresses', () => {
  it('answer 404 problem+json', async () => {
    const response = await api.request('/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 404,
      title: 'Introuvable',
      instance: '/nowhere',
    });
  });
});
