import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { handle } from 'hono/aws-lambda';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import {
  loadAccessRoleArns,
  loadAuthConfig,
  loadCognitoLogin,
  loadConfig,
  loadMailFrom,
  loadPublicUrl,
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
import { createPortal } from '../../web/app.tsx';

const config = loadConfig();
const userPoolId = loadUserPoolId();
const connection = { region: config.region, endpoint: config.dynamoEndpoint };

/** As in the API: in AWS each request (DynamoDB, KMS) is signed with the caller's access role. */
const access = makeCallerAccess(connection, loadAccessRoleArns());
const tenantKeys = loadTenantKeys({ ...config, sessionOfNow: access.sessionOfNow });

/**
 * The portal's signed-in pages behind API Gateway (the pre-rendered ones are served from S3 by
 * CloudFront). `APPUI_PUBLIC_URL` is the origin forms must come from: behind CloudFront the
 * request's own host is not the public one. With `COGNITO_LOGIN_URL` and `COGNITO_CLIENT_ID` it
 * signs people in through the managed login (`/auth/sign-in`).
 */
export const handler = handle(
  createPortal({
    db: access.db,
    tableName: config.tableName,
    tenantKeys,
    now: () => new Date(),
    verifier: makeTokenVerifier(loadAuthConfig()),
    settings: defaultSettings,
    publicUrl: loadPublicUrl(),
    cognito: loadCognitoLogin(),
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
