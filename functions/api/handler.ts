import { handle } from 'hono/aws-lambda';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import {
  loadAccessRoleArns,
  loadAuthConfig,
  loadConfig,
  loadUserPoolId,
} from '../../shared/config.ts';
import { loadTenantKeys } from '../../shared/crypto/config.ts';
import { makeCallerAccess } from '../../shared/data/tenant-credentials.ts';
import { defaultSettings } from '../../shared/usecases/context.ts';
import {
  cognitoClientOnFirstUse,
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../../shared/usecases/identity.ts';
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
    verifier: makeTokenVerifier({ ...loadAuthConfig(), fetchKeysNow: true }),
    settings: defaultSettings,
    // Written into the bundle at build time (infra/build-bundle.ts).
    openApiDocument: process.env.APPUI_OPENAPI_DOCUMENT,
    provisioner:
      userPoolId === undefined
        ? makeTableIdentityProvisioner()
        : makeCognitoIdentityProvisioner({
            client: cognitoClientOnFirstUse(config.region),
            userPoolId,
          }),
  }),
);
