import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.ts';
import {
  identityClaimsOf,
  makeCognitoIdentityProvisioner,
} from '../../shared/identity/provisioner.ts';
import type { User } from '../../shared/identity/user.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const userPoolId = 'eu-west-3_AbCdEf123';
const provisioner = makeCognitoIdentityProvisioner({
  client: new CognitoIdentityProviderClient({ region: 'eu-west-3' }),
  userPoolId,
});

const tenantId = '0192f0a0-0000-7000-8000-00000000000a';
const orgId = '0192f0a0-0000-7000-8000-00000000000b';

function aUser(overrides: Partial<User> = {}): User {
  return {
    id: '0192f0a0-0000-7000-8000-000000000001',
    email: 'direction@exemple.test',
    firstName: 'Nadia',
    lastName: 'Grondin',
    role: 'structure-admin',
    tenantId,
    createdAt: '2026-11-23T09:00:00.000Z',
    ...overrides,
  };
}

afterEach(() => {
  cognito.reset();
});

describe('the Cognito identity provisioner', () => {
  it('creates the account with the e-mail as username, the names and the scope attributes', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    const admin = aUser();

    await provisioner.provision(admin, identityClaimsOf(admin));

    const calls = cognito.commandCalls(AdminCreateUserCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      UserPoolId: userPoolId,
      Username: 'direction@exemple.test',
      UserAttributes: [
        { Name: 'email', Value: 'direction@exemple.test' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: 'Nadia' },
        { Name: 'family_name', Value: 'Grondin' },
        { Name: 'custom:role', Value: 'structure-admin' },
        { Name: 'custom:user_id', Value: admin.id },
        { Name: 'custom:tenant', Value: tenantId },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it('gives a prescriber its organisation and no tenant', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    const prescriber = aUser({ role: 'prescriber', tenantId: undefined, orgId });

    await provisioner.provision(prescriber, identityClaimsOf(prescriber));

    const attributes =
      cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes;
    const custom = attributes?.filter((attribute) => attribute.Name?.startsWith('custom:'));
    expect(custom).toEqual([
      { Name: 'custom:role', Value: 'prescriber' },
      { Name: 'custom:user_id', Value: prescriber.id },
      { Name: 'custom:org', Value: orgId },
    ]);
  });

  it('answers 409 when Cognito already has an account at that address', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(
        new UsernameExistsException({ message: 'User account already exists', $metadata: {} }),
      );
    const admin = aUser();

    const refusal = provisioner.provision(admin, identityClaimsOf(admin));

    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('adresse e-mail'),
      cause: expect.any(UsernameExistsException),
    });
  });

  it('lets any other failure go on as it came', async () => {
    const outage = new InternalErrorException({ message: 'internal error', $metadata: {} });
    cognito.on(AdminCreateUserCommand).rejects(outage);
    const admin = aUser();

    await expect(provisioner.provision(admin, identityClaimsOf(admin))).rejects.toBe(outage);
  });
});
