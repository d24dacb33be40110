import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { claimsOf, InconsistentAccountError } from '../../functions/auth-pre-token/claims.ts';
import { handler, SecondFactorRequiredError } from '../../functions/auth-pre-token/handler.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { UnauthorizedError } from '../../shared/errors.ts';
import { makeCognitoIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import type { User } from '../../shared/identity/user.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => {
  cognito.reset();
});

const userPoolId = 'eu-west-3_AbCdEf123';
const clientId = '4tq1example0client0id0abc';
const ids = { user: randomUUID(), tenant: randomUUID(), org: randomUUID(), funder: randomUUID() };
const cognitoSub = randomUUID();

const attributesOf = {
  referent: {
    sub: cognitoSub,
    email: 'm.payet@exemple.test',
    'custom:role': 'referent',
    'custom:user_id': ids.user,
    'custom:tenant': ids.tenant,
  },
  prescriber: {
    sub: cognitoSub,
    'custom:role': 'prescriber',
    'custom:user_id': ids.user,
    'custom:org': ids.org,
    'custom:territory': '{"region":"04","departements":["974"]}',
  },
  funder: {
    sub: cognitoSub,
    'custom:role': 'funder',
    'custom:user_id': ids.user,
    'custom:funder': ids.funder,
    'custom:territory': '{"region":"04"}',
  },
} satisfies Record<string, Record<string, string>>;

function aTriggerEvent(userAttributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    region: 'eu-west-3',
    userPoolId,
    userName: 'm.payet@exemple.test',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    triggerSource: 'TokenGeneration_HostedAuth',
    request: { userAttributes, groupConfiguration: {}, scopes: ['openid'] },
    response: { claimsAndScopeOverrideDetails: {} },
  };
}

describe('the pre-token trigger’s claims', () => {
  it('maps a référent’s custom attributes to the claims the verifier reads', () => {
    expect(claimsOf(attributesOf.referent)).toEqual({
      role: 'referent',
      appui_user: ids.user,
      tenant: ids.tenant,
    });
  });

  it('gives a prescriber its organisation and its territory as an object', () => {
    expect(claimsOf(attributesOf.prescriber)).toEqual({
      role: 'prescriber',
      appui_user: ids.user,
      org: ids.org,
      territory: { region: '04', departements: ['974'] },
    });
  });

  it('refuses an account whose scope belongs to another role', () => {
    expect(() => claimsOf({ ...attributesOf.referent, 'custom:org': ids.org })).toThrow(
      InconsistentAccountError,
    );
  });

  it('refuses an account without an Appui user id', () => {
    const { 'custom:user_id': _, ...withoutUser } = attributesOf.referent;
    expect(() => claimsOf(withoutUser)).toThrow(InconsistentAccountError);
  });

  it('refuses a malformed territory', () => {
    expect(() => claimsOf({ ...attributesOf.prescriber, 'custom:territory': '04;974' })).toThrow(
      InconsistentAccountError,
    );
  });
});

describe('the pre-token trigger', () => {
  it('adds the claims to the access and ID tokens, and hides the raw attributes from the ID token', async () => {
    const answer = await handler(aTriggerEvent(attributesOf.referent));

    const details = answer.response.claimsAndScopeOverrideDetails;
    expect(details.accessTokenGeneration.claimsToAddOrOverride).toEqual({
      role: 'referent',
      appui_user: ids.user,
      tenant: ids.tenant,
    });
    expect(details.idTokenGeneration.claimsToSuppress).toContain('custom:tenant');
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
  });

  it('refuses a token to a funder with no second factor', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'x', UserMFASettingList: [] });

    await expect(handler(aTriggerEvent(attributesOf.funder))).rejects.toBeInstanceOf(
      SecondFactorRequiredError,
    );
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: userPoolId,
      Username: 'm.payet@exemple.test',
    });
  });

  it('gives a token to a funder whose e-mail codes are on', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'x', UserMFASettingList: ['EMAIL_OTP'] });

    const answer = await handler(aTriggerEvent(attributesOf.funder));

    expect(answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: {
        role: 'funder',
        appui_user: ids.user,
        funder: ids.funder,
        territory: { region: '04' },
      },
    });
  });

  it('lets a prescriber in without a second factor: it is optional for them', async () => {
    await expect(handler(aTriggerEvent(attributesOf.prescriber))).resolves.toBeDefined();
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
  });
});

describe('the verifier, with Cognito’s tokens', async () => {
  const issuer = `https://cognito-idp.eu-west-3.amazonaws.com/${userPoolId}`;
  const jwksUrl = `${issuer}/.well-known/jwks.json`;
  const keys = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const verifier = makeTokenVerifier({
    issuer,
    audience: clientId,
    jwksUrl,
    fetch: async () => Response.json({ keys: [jwk] }),
  });
  const now = Math.floor(Date.now() / 1000);

  /** An access token as Cognito signs it: no `aud`, a `client_id`, its own `sub`. */
  const anAccessToken = (claims: JWTPayload) =>
    new SignJWT({ token_use: 'access', sub: cognitoSub, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + 300)
      .sign(keys.privateKey);

  it('accepts an access token for the app client, and takes the Appui user id over Cognito’s sub', async () => {
    const token = await anAccessToken({
      client_id: clientId,
      role: 'referent',
      appui_user: ids.user,
      tenant: ids.tenant,
    });

    await expect(verifier.verify(token)).resolves.toEqual({
      role: 'referent',
      userId: ids.user,
      tenantId: ids.tenant,
    });
  });

  it('refuses an access token of another app client', async () => {
    const token = await anAccessToken({
      client_id: 'another-client',
      role: 'referent',
      appui_user: ids.user,
      tenant: ids.tenant,
    });

    await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token with neither audience nor client id', async () => {
    const token = await anAccessToken({ role: 'platform-admin', appui_user: ids.user });

    await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('the Cognito provisioner', () => {
  const provisioner = makeCognitoIdentityProvisioner({
    client: new CognitoIdentityProviderClient({ region: 'eu-west-3' }),
    userPoolId,
  });
  const aUser = (overrides: Partial<User>): User => ({
    id: ids.user,
    email: 'conseiller@exemple.test',
    firstName: 'Léa',
    lastName: 'Hoarau',
    role: 'prescriber',
    orgId: ids.org,
    createdAt: '2026-11-23T09:00:00.000Z',
    ...overrides,
  });

  it('writes the Appui user id and a prescriber’s territory in custom attributes', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});

    await provisioner.provision(
      aUser({}),
      { role: 'prescriber', org: ids.org },
      { region: '04', departements: ['974'] },
    );

    const attributes =
      cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes;
    expect(attributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:user_id', Value: ids.user },
        { Name: 'custom:territory', Value: '{"region":"04","departements":["974"]}' },
      ]),
    );
    expect(cognito.commandCalls(AdminSetUserMFAPreferenceCommand)).toHaveLength(0);
  });

  it('turns e-mail codes on for a structure-admin from the start', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminSetUserMFAPreferenceCommand).resolves({});

    await provisioner.provision(
      aUser({ role: 'structure-admin', orgId: undefined, tenantId: ids.tenant }),
      { role: 'structure-admin', tenant: ids.tenant },
    );

    expect(cognito.commandCalls(AdminSetUserMFAPreferenceCommand)[0]?.args[0].input).toEqual({
      UserPoolId: userPoolId,
      Username: 'conseiller@exemple.test',
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });
});
