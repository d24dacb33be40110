import { handle } from 'hono/aws-lambda';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { loadAuthConfig, loadConfig } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { defaultSettings } from '../../shared/usecases/context.ts';
import { createApi } from './app.ts';

const config = loadConfig();

export const handler = handle(
  createApi({
    db: makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint }),
    tableName: config.tableName,
    now: () => new Date(),
    verifier: makeTokenVerifier(loadAuthConfig()),
    settings: defaultSettings,
  }),
);
