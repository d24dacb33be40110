/**
 * How a new user gets a way to sign in. The use case writes the user item and the claim on its
 * e-mail address, in one transaction with what the user belongs to (the claim makes the address
 * unique across the platform); then an identity provisioner gives the user an account. Locally
 * that is nothing more: the development issuer finds users by e-mail in the table. In AWS it is
 * Cognito's AdminCreateUser, which sends the invitation. One interface, two implementations.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserMFAPreferenceCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppuiClaims } from '../auth/principal.ts';
import type { DataContext } from '../cases/case-store.ts';
import { email, territory } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { indexPartitions } from '../data/keys.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { ConflictError } from '../errors.ts';
import { reaching } from '../use-case.ts';
import { emailClaimItem } from './email-claim.ts';
import { type User, user, userItem } from './user.ts';

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
  client,
  userPoolId,
}: {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
}): IdentityProvisioner {
  return {
    async provision(account, claims, territory) {
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

/** A prescriber's territory: its organisation's, written in the same transaction. */
function territoryOf(account: User, alongside: readonly Item[]): IdentityTerritory | undefined {
  if (account.role !== 'prescriber') return undefined;
  const organisation = alongside
    .map((item) => storedOrganisation.safeParse(item))
    .find((parsed) => parsed.success && parsed.data.id === account.orgId);
  if (organisation?.data === undefined) return undefined;
  const { region, departement } = organisation.data.territory;
  return { region, departements: [departement] };
}

const storedOrganisation = z.object({
  type: z.literal('prescriber-org'),
  id: z.string(),
  territory: territory,
});

/** The same answer whether the table or the identity provider knows the address already. */
export function emailTaken(options?: ErrorOptions): ConflictError {
  return new ConflictError(
    'Un compte Appui existe déjà avec cette adresse e-mail : choisissez-en une autre.',
    options,
  );
}

/** An e-mail address as Appui keeps it: trimmed and lower-case, so one address is one account. */
export const emailAddress = z.string().trim().toLowerCase().pipe(email);

/** The first user of a structure or organisation, or a new member of a team. */
export const newUserInput = z.strictObject({
  email: emailAddress,
  firstName: user.shape.firstName,
  lastName: user.shape.lastName,
});

export interface Enrolment {
  user: User;
  /** Items created in the same transaction: the structure or organisation the user belongs to. */
  alongside?: Item[];
  /** Partitions those items reach beyond the caller's scope (the e-mail's is added here). */
  reach?: string[];
}

/**
 * Writes a new user, their e-mail claim and what comes with them in one transaction, then
 * provisions their identity. A taken address stops the transaction: 409, nothing written.
 *
 * The table goes first because it decides, atomically, that the address is free: a taken
 * address never reaches Cognito, which would e-mail an invitation that cannot be taken back.
 * When provisioning then fails (Cognito unavailable, or an account there the table did not
 * know), what the transaction wrote is deleted before the error goes on, so no account is left
 * half-made and the same request can simply be made again. Only a crash between the two steps
 * can leave a user without an identity; the claim then keeps the address, and the operator
 * deletes the items (or creates the account) before trying again.
 */
export async function enrolUser(
  deps: DataContext,
  provisioner: IdentityProvisioner,
  { user: account, alongside = [], reach = [] }: Enrolment,
): Promise<void> {
  const claim = emailClaimItem(account);
  const items = [...alongside, userItem(account), claim];
  const writes = items.map((item): Write => ({ kind: 'create', item }));
  const claimAt = writes.length - 1;
  const partitions = [...reach, indexPartitions.userByEmail(account.email), claim.PK];
  await reaching(partitions, async () => {
    try {
      await writeTogether(deps.db, deps.tableName, writes);
    } catch (error: unknown) {
      if (!(error instanceof WritesStoppedError)) throw error;
      if (error.stopped.includes(claimAt)) throw emailTaken({ cause: error });
      throw new ConflictError('Ce compte existe déjà.', { cause: error });
    }
    try {
      await provisioner.provision(
        account,
        identityClaimsOf(account),
        territoryOf(account, alongside),
      );
    } catch (error: unknown) {
      await takeBack(deps, items, error);
      throw error;
    }
  });
}

/** Deletes what `enrolUser` wrote, all or nothing (write.ts has no delete: this is Appui's only one). */
async function takeBack(deps: DataContext, items: Item[], failure: unknown): Promise<void> {
  try {
    await deps.db.send(
      new TransactWriteCommand({
        TransactItems: items.map((item) => ({
          Delete: { TableName: deps.tableName, Key: { PK: item.PK, SK: item.SK } },
        })),
      }),
    );
  } catch (error: unknown) {
    throw new Error(
      'The identity could not be provisioned, and the items written for it could not be deleted.',
      { cause: new AggregateError([failure, error]) },
    );
  }
}

/** The identity provider's side of a structure leaving: its users' accounts go. */
export interface IdentityRemover {
  /** Removes the account signed in with `email`; an account already gone is no error. */
  remove(email: string): Promise<void>;
}

/** Locally the user item is the whole account: it goes with the structure's partition. */
export function makeTableIdentityRemover(): IdentityRemover {
  return { remove: () => Promise.resolve() };
}

/** Cognito: AdminDeleteUser on the account (its user name is the e-mail address). */
export function makeCognitoIdentityRemover({
  client,
  userPoolId,
}: {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
}): IdentityRemover {
  return {
    async remove(email) {
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      } catch (error: unknown) {
        if (!(error instanceof UserNotFoundException)) throw error;
      }
    },
  };
}
