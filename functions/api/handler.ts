import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { handle } from 'hono/aws-lambda';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { loadAuthConfig, loadConfig, loadUserPoolId } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { defaultSettings } from '../../shared/usecases/context.ts';
import {
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../../shared/usecases/identity.ts';
import { createApi } from './app.ts';

const config = loadConfig();
const userPoolId = loadUserPoolId();

export const handler = handle(
  createApi({
    db: makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint }),
    tableName: config.tableName,
    now: () => new Date(),
    verifier: makeTokenVerifier(loadAuthConfig()),
    settings: defaultSettings,
    provisioner:
      userPoolId === undefined
        ? makeTableIdentityProvisioner()
        : makeCognitoIdentityProvisioner({
            client: new CognitoIdentityProviderClient({ region: config.region }),
            userPoolId,
          }),
  }),
);
