import { newId } from '../common/ids.ts';
import { z } from '../common/zod.ts';
import { parseOrRefuse, type UseCaseDeps } from '../use-case.ts';
import { enrolUser } from './enrol-user.ts';
import { newUserInput } from './new-user.ts';
import type { IdentityProvisioner } from './provisioner.ts';
import type { StructureAdminActor, TeamMember } from './team-member.ts';
import type { User } from './user.ts';

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
