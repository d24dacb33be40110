/**
 * What the API and the portal both set up, once per process: the configuration, the caller's
 * access (in AWS each request, DynamoDB and KMS alike, is signed with the caller's access role,
 * tagged with its scope's owners), the structures' keys, the token verifier and the identity
 * provisioner (Cognito when a user pool is configured, the table alone otherwise). The Cognito
 * client and the notes' crypto load on first use, so a cold start pays for neither.
 */
import { makeTokenVerifier } from '../shared/auth/verifier.ts';
import {
  loadAccessRoleArns,
  loadAuthConfig,
  loadConfig,
  loadMailFrom,
  loadUserPoolId,
} from '../shared/config.ts';
import { loadTenantKeys } from '../shared/crypto/config.ts';
import { makeCallerAccess } from '../shared/data/tenant-credentials.ts';
import { cognitoClientOnFirstUse } from '../shared/identity/cognito-client.ts';
import {
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../shared/identity/provisioner.ts';
import type { Mailer } from '../shared/mail/message.ts';
import { defaultSettings } from '../shared/use-case.ts';
import type { ApiDeps } from './api/deps.ts';

/** The dependencies of an HTTP function, read from its environment (throws when one is wrong). */
export function httpDeps(): ApiDeps {
  const config = loadConfig();
  const userPoolId = loadUserPoolId();
  const connection = { region: config.region, endpoint: config.dynamoEndpoint };
  const access = makeCallerAccess(connection, loadAccessRoleArns());
  return {
    db: access.db,
    tableName: config.tableName,
    tenantKeys: loadTenantKeys({ ...config, sessionOfNow: access.sessionOfNow }),
    now: () => new Date(),
    // The issuer's keys are fetched while the function starts, not by the first request.
    verifier: makeTokenVerifier({ ...loadAuthConfig(), fetchKeysNow: true }),
    settings: defaultSettings,
    mailer: sesMailerOnFirstUse(config.region, loadMailFrom()),
    provisioner:
      userPoolId === undefined
        ? makeTableIdentityProvisioner()
        : makeCognitoIdentityProvisioner({
            client: cognitoClientOnFirstUse(config.region),
            userPoolId,
          }),
  };
}

/**
 * SES, loaded by the first mail sent (an invitation to an address another structure holds), so
 * that no cold start pays for its client.
 */
function sesMailerOnFirstUse(region: string, from: string): Mailer {
  let ses: Promise<Mailer> | undefined;
  return {
    async send(message) {
      ses ??= Promise.all([
        import('@aws-sdk/client-sesv2'),
        import('../shared/mail/mailer.ts'),
      ]).then(([{ SESv2Client }, { makeSesMailer }]) =>
        makeSesMailer({ client: new SESv2Client({ region }), from }),
      );
      return (await ses).send(message);
    },
  };
}
