/**
 * `npm run platform-admin:create -- --email … --first-name … --last-name …`: the first step of a
 * new deployment, when no one can sign in yet. Creates a platform-admin in the table named by
 * TABLE_NAME (its user item and the claim on its address, in one transaction) and, with
 * USER_POOL_ID set, its Cognito account: the invitation e-mail, and e-mail codes as second
 * factor. Runs with the operator's own AWS credentials. Prints the new user id.
 */

import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { newId } from '../shared/common/ids.ts';
import { loadConfig, loadUserPoolId } from '../shared/config.ts';
import { runInScope, systemScope } from '../shared/data/scope.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { AppError } from '../shared/errors.ts';
import { enrolUser } from '../shared/identity/enrol-user.ts';
import { newUserInput } from '../shared/identity/new-user.ts';
import {
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../shared/identity/provisioner.ts';
import type { User } from '../shared/identity/user.ts';

const usage = `Usage :
  npm run platform-admin:create -- --email <adresse> --first-name <prénom> --last-name <nom>

Variables : TABLE_NAME (obligatoire), AWS_REGION, USER_POOL_ID (compte Cognito et invitation ;
sans elle, le compte est celui de l’émetteur local), DYNAMODB_ENDPOINT (DynamoDB Local).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      email: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(usage);
    return;
  }
  const input = newUserInput.safeParse({
    email: values.email,
    firstName: values['first-name'],
    lastName: values['last-name'],
  });
  if (!input.success) {
    const flags: Record<string, string> = { firstName: 'first-name', lastName: 'last-name' };
    const fields = input.error.issues.map((issue) => {
      const field = issue.path.join('.');
      return `  --${flags[field] ?? field} : ${issue.message}`;
    });
    throw new UsageError(
      ['Paramètres manquants ou invalides : rien n’a été créé.', ...fields, '', usage].join('\n'),
    );
  }
  const config = loadConfig();
  const userPoolId = loadUserPoolId();
  const cognito =
    userPoolId === undefined
      ? undefined
      : new CognitoIdentityProviderClient({ region: config.region });
  const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const now = new Date();
  const admin: User = {
    ...input.data,
    id: newId(now),
    role: 'platform-admin',
    createdAt: now.toISOString(),
  };
  try {
    await runInScope(systemScope('platform-admin:create'), () =>
      enrolUser(
        { db, tableName: config.tableName },
        cognito === undefined || userPoolId === undefined
          ? makeTableIdentityProvisioner()
          : makeCognitoIdentityProvisioner({ client: cognito, userPoolId }),
        { user: admin },
      ),
    );
  } finally {
    db.destroy();
    cognito?.destroy();
  }
  console.log(
    [
      `Administrateur de la plateforme créé dans ${config.tableName}.`,
      `userId: ${admin.id} (${admin.email}, ${
        userPoolId === undefined
          ? 'compte local'
          : `compte Cognito ${userPoolId}, invitation envoyée`
      })`,
    ].join('\n'),
  );
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

try {
  await main();
} catch (error: unknown) {
  if (error instanceof UsageError) console.error(error.message);
  else if (error instanceof AppError) console.error(`Refusé : ${error.message}`);
  else if (error instanceof Error)
    console.error(`platform-admin:create a échoué : ${error.name}: ${error.message}`);
  else console.error(`platform-admin:create a échoué : ${String(error)}`);
  process.exitCode = 1;
}
