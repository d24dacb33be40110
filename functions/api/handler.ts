import { readFileSync } from 'node:fs';
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

/**
 * The OpenAPI document the build writes beside the bundle (infra/build-bundle.ts), read on its
 * first request; where there is none (the source run as it is), the app builds it.
 */
function shippedOpenApiDocument(): string | undefined {
  try {
    return readFileSync(new URL('./openapi.json', import.meta.url), 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

export const handler = handle(
  createApi({
    db: access.db,
    tableName: config.tableName,
    tenantKeys,
    now: () => new Date(),
    verifier: makeTokenVerifier({ ...loadAuthConfig(), fetchKeysNow: true }),
    settings: defaultSettings,
    openApiDocument: shippedOpenApiDocument,
    provisioner:
      userPoolId === undefined
        ? makeTableIdentityProvisioner()
        : makeCognitoIdentityProvisioner({
            client: cognitoClientOnFirstUse(config.region),
            userPoolId,
          }),
  }),
);
