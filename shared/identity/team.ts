/**
 * A structure's team, as its structure-admin manages it: who is in it, and inviting a référent
 * or another admin. The team lives in the tenant's partition; an invitation reaches beyond it
 * only for the new member's e-mail claim.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import { newId } from '../common/ids.ts';
import { parseOrRefuse } from '../common/validation.ts';
import { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import { tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import type { StructureActor, UseCaseDeps } from '../use-case.ts';
import { enrolUser, type IdentityProvisioner, newUserInput } from './use-cases.ts';
import { type User, user, userKey } from './user.ts';

export type StructureAdminActor = StructureActor & { role: 'structure-admin' };

/** What the team list shows of a member: nothing personal beyond name, address and role. */
export const teamMember = user.pick({
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  role: true,
});
export type TeamMember = z.infer<typeof teamMember>;

const memberAttributes = Object.keys(teamMember.shape);
const byName = new Intl.Collator('fr', { sensitivity: 'base' });

/** The members of a structure, by last then first name (one Query on the tenant's users). */
export function makeListTeam(deps: UseCaseDeps) {
  return async (actor: StructureAdminActor): Promise<TeamMember[]> => {
    const members = await queryTeam(deps, actor.tenantId);
    return members.sort(
      (a, b) => byName.compare(a.lastName, b.lastName) || byName.compare(a.firstName, b.firstName),
    );
  };
}

/** Every member of a structure, in no particular order. */
export async function queryTeam({ db, tableName }: DataContext, tenantId: string) {
  const { partitionKey, sortKey } = tableDefinition;
  const partition = tenantPrefix(tenantId);
  const members: TeamMember[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :users)',
        ProjectionExpression: memberAttributes.map((_, index) => `#m${index}`).join(', '),
        ExpressionAttributeNames: {
          '#pk': partitionKey,
          '#sk': sortKey,
          ...Object.fromEntries(memberAttributes.map((name, index) => [`#m${index}`, name])),
        },
        ExpressionAttributeValues: { ':pk': partition, ':users': userKey(partition, '').SK },
        ExclusiveStartKey: startKey,
      }),
    );
    members.push(...(page.Items ?? []).map((item) => teamMember.parse(stripKeys(item))));
    // A team is a few dozen people at most: one page in practice.
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return members;
}

/** The roles a structure-admin may give: a référent, or another admin of the structure. */
export const teamRoles = ['referent', 'structure-admin'] as const;

/** What a structure-admin sends to invite someone into the team. */
export const invitationInput = newUserInput.extend({ role: z.enum(teamRoles) });
export type InvitationInput = z.input<typeof invitationInput>;

/**
 * Adds a member to the actor's structure and provisions their identity (which sends the
 * invitation in AWS). 422 naming each invalid field, 409 when the address already has an account.
 */
export function makeInviteUser(deps: UseCaseDeps, provisioner: IdentityProvisioner) {
  return async (actor: StructureAdminActor, input: InvitationInput): Promise<TeamMember> => {
    const invited = parseOrRefuse(invitationInput, input);
    const now = deps.now();
    const member: User = {
      ...invited,
      id: newId(now),
      tenantId: actor.tenantId,
      createdAt: now.toISOString(),
    };
    await enrolUser(deps, provisioner, { user: member });
    const { id, firstName, lastName, email, role } = member;
    return { id, firstName, lastName, email, role };
  };
}
