/**
 * How a new user gets a way to sign in. The use case writes the user item and the claim on its
 * e-mail address, in one transaction with what the user belongs to (the claim makes the address
 * unique across the platform); then an identity provisioner gives the user an account. Locally
 * that is nothing more: the development issuer finds users by e-mail in the table. In AWS it is
 * Cognito's AdminCreateUser, which sends the invitation. One interface, two implementations.
 */
import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { AppuiClaims } from '../auth/principal.ts';
import { type CognitoClientSource, clientOf, cognitoSdk } from './cognito-client.ts';
import { emailTaken } from './new-user.ts';
import type { User } from './user.ts';

/** The scope claims an identity carries; its name and address come from the user. */
export type IdentityClaims = Pick<AppuiClaims, 'role' | 'tenant' | 'org' | 'funder'>;

/** A prescriber's or funder's territory, as its tokens carry it. */
export type IdentityTerritory = NonNullable<AppuiClaims['territory']>;

/** The identity provider's side of a new user: an account they can sign in with. */
export interface IdentityProvisioner {
  /**
   * Gives `user` an account with these claims (and, for a prescriber, its organisation's
   * territory); `ConflictError` when the address already has one.
   */
  provision(user: User, claims: IdentityClaims, territory?: IdentityTerritory): Promise<void>;
}

/** The roles whose accounts get a second factor (e-mail codes) from the start. */
export const secondFactorRoles: readonly User['role'][] = [
  'structure-admin',
  'funder',
  'platform-admin',
];

/** The claims of a user's tokens: their role and the structure, organisation or funder they belong to. */
export function identityClaimsOf(account: User): IdentityClaims {
  return {
    role: account.role,
    ...(account.tenantId === undefined ? {} : { tenant: account.tenantId }),
    ...(account.orgId === undefined ? {} : { org: account.orgId }),
    ...(account.funderId === undefined ? {} : { funder: account.funderId }),
  };
}

/**
 * The local stack's provisioner: the user item the use case writes is the whole account (the
 * development issuer signs in whoever it finds by e-mail), so there is nothing more to do.
 */
export function makeTableIdentityProvisioner(): IdentityProvisioner {
  return { provision: () => Promise.resolve() };
}

/**
 * Cognito's provisioner: the account, with the Appui user id and the scope in custom attributes
 * (the pre-token trigger turns them into claims), and the invitation e-mail. Structure-admins,
 * funders and platform-admins get e-mail codes as their second factor at once.
 */
export function makeCognitoIdentityProvisioner({
  client: source,
  userPoolId,
}: {
  client: CognitoClientSource;
  userPoolId: string;
}): IdentityProvisioner {
  return {
    async provision(account, claims, territory) {
      const [
        client,
        { AdminCreateUserCommand, AdminSetUserMFAPreferenceCommand, UsernameExistsException },
      ] = await Promise.all([clientOf(source), cognitoSdk()]);
      const scope: [name: string, value: string | undefined][] = [
        ['custom:tenant', claims.tenant],
        ['custom:org', claims.org],
        ['custom:funder', claims.funder],
        ['custom:territory', territory === undefined ? undefined : JSON.stringify(territory)],
      ];
      const attributes: AttributeType[] = [
        { Name: 'email', Value: account.email },
        // The platform or structure admin vouches for the address; the invitation goes to it.
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: account.firstName },
        { Name: 'family_name', Value: account.lastName },
        { Name: 'custom:role', Value: claims.role },
        { Name: 'custom:user_id', Value: account.id },
        ...scope.flatMap(([Name, Value]) => (Value === undefined ? [] : [{ Name, Value }])),
      ];
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: account.email,
            UserAttributes: attributes,
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      } catch (error: unknown) {
        if (error instanceof UsernameExistsException) throw emailTaken({ cause: error });
        throw error;
      }
      if (secondFactorRoles.includes(account.role)) {
        await client.send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId: userPoolId,
            Username: account.email,
            EmailMfaSettings: { Enabled: true, PreferredMfa: true },
          }),
        );
      }
    },
  };
}
