import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { handle } from 'hono/aws-lambda';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import {
  loadAccessRoleArns,
  loadAuthConfig,
  loadConfig,
  loadMailFrom,
  loadUserPoolId,
} from '../../shared/config.ts';
import { loadTenantKeys } from '../../shared/crypto/config.ts';
import { makeCallerAccess } from '../../shared/data/tenant-credentials.ts';
import {
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../../shared/identity/use-cases.ts';
import { makeSesMailer } from '../../shared/mail/mailer.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { createApi } from './app.ts';

const config = loadConfig();
const userPoolId = loadUserPoolId();
const accessRoleArns = loadAccessRoleArns();
const connection = { region: config.region, endpoint: config.dynamoEndpoint };

/**
 * In AWS each request is signed with the caller's access role, tagged with its scope's owners:
 * its DynamoDB calls and the KMS calls that seal and open its structure's notes alike.
 */
const access = makeCallerAccess(connection, accessRoleArns);
const tenantKeys = loadTenantKeys({ ...config, sessionOfNow: access.sessionOfNow });

export const handler = handle(
  createApi({
    db: access.db,
    tableName: config.tableName,
    tenantKeys,
    now: () => new Date(),
    verifier: makeTokenVerifier(loadAuthConfig()),
    settings: defaultSettings,
    mailer: makeSesMailer({
      client: new SESv2Client({ region: config.region }),
      from: loadMailFrom(),
    }),
    provisioner:
      userPoolId === undefined
        ? makeTableIdentityProvisioner()
        : makeCognitoIdentityProvisioner({
            client: new CognitoIdentityProviderClient({ region: config.region }),
            userPoolId,
          }),
  }),
);
