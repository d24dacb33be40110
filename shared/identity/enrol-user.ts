import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { territory } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import type { Item } from '../data/item.ts';
import { indexPartitions } from '../data/keys.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { ConflictError } from '../errors.ts';
import { reaching } from '../use-case.ts';
import { emailClaimItem } from './email-claim.ts';
import { emailTaken } from './new-user.ts';
import {
  type IdentityProvisioner,
  type IdentityTerritory,
  identityClaimsOf,
} from './provisioner.ts';
import { type User, userItem } from './user.ts';

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
