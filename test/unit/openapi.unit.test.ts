import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi } from '../../functions/api/app.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { unusedMailer } from '../support/mailer.ts';

/** The parts of the document these tests read. */
const openApiDocument = z.looseObject({
  openapi: z.string(),
  security: z.unknown(),
  paths: z.record(z.string(), z.unknown()),
  components: z.looseObject({
    securitySchemes: z.record(z.string(), z.unknown()),
    schemas: z.record(
      z.string(),
      z.looseObject({
        required: z.array(z.string()).optional(),
        additionalProperties: z.unknown().optional(),
      }),
    ),
  }),
});

async function documentOf(response: Response) {
  return openApiDocument.parse(await response.json());
}

const api = createApi({
  db: makeDocumentClient({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9' }),
  tableName: 'appui-test',
  now: () => new Date(),
  verifier: { verify: () => Promise.reject(new Error('no token in these tests')) },
  settings: defaultSettings,
  provisioner: makeTableIdentityProvisioner(),
  mailer: unusedMailer,
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, served without sign-in, and requires a bearer token for the API', async () => {
    const response = await api.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = await documentOf(response);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.Bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.security).toEqual([{ Bearer: [] }]);
  });

  it('describes the request schemas generated from the shared zod schemas', async () => {
    const document = await documentOf(await api.request('/api/v1/openapi.json'));
    const referral = document.components.schemas.ReferralInput;
    expect(referral?.required).toEqual(
      expect.arrayContaining(['structureId', 'person', 'situation', 'consent']),
    );
    expect(referral?.additionalProperties).toBe(false);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/referrals',
        '/api/v1/inbox/{id}/accept',
        '/api/v1/cases/{id}/journal',
      ]),
    );
  });

  it('has a readable reference page in French', async () => {
    const response = await api.request('/api/v1/reference');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('/api/v1/cases/{id}/renewal');
    expect(page).toContain('Demander le renouvellement (une seule fois)');
  });
});
