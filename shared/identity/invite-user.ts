import { newId } from '../common/ids.ts';
import { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import { ConflictError } from '../errors.ts';
import type { Mailer, MailMessage } from '../mail/message.ts';
import { getStructure } from '../organisations/structure-store.ts';
import { parseOrRefuse, reaching, type UseCaseDeps } from '../use-case.ts';
import { enrolUser } from './enrol-user.ts';
import { emailTaken, newUserInput } from './new-user.ts';
import type { IdentityProvisioner } from './provisioner.ts';
import { type StructureAdminActor, teamMember } from './team-member.ts';
import type { User } from './user.ts';
import { findUserByEmail, userByEmailPartition } from './user-store.ts';

/** The roles a structure-admin may give: a référent, or another admin of the structure. */
export const teamRoles = ['referent', 'structure-admin'] as const;

/** What a structure-admin sends to invite someone into the team. */
export const invitationInput = newUserInput.extend({ role: z.enum(teamRoles) });
export type InvitationInput = z.input<typeof invitationInput>;

/**
 * What an invitation answers, the same whether the address was new or is held in another
 * structure: the invitation as understood (the address trimmed and lower-cased), no id, so
 * nothing in it says which.
 */
export const invitation = teamMember.omit({ id: true });
export type Invitation = z.infer<typeof invitation>;

/**
 * Invites someone into the actor's structure. A new address becomes a member, with an identity
 * (which sends the invitation in AWS). An address held in another structure changes nothing
 * there and answers the same: its holder is told by mail that a structure wished to invite
 * them, so a structure learns nothing of who works elsewhere. 409 only for an address a member
 * of the actor's own structure holds; 422 naming each invalid field.
 */
export function makeInviteUser(
  deps: UseCaseDeps,
  provisioner: IdentityProvisioner,
  mailer: Mailer,
) {
  const tellHolder = async (actor: StructureAdminActor, holder: User): Promise<void> => {
    const structure = await getStructure(deps, actor.tenantId);
    await mailer.send(invitationElsewhereMail(holder, structure?.name ?? 'Une structure'));
  };
  return async (actor: StructureAdminActor, input: InvitationInput): Promise<Invitation> => {
    const invited = parseOrRefuse(invitationInput, input);
    const answer: Invitation = {
      firstName: invited.firstName,
      lastName: invited.lastName,
      email: invited.email,
      role: invited.role,
    };
    const holder = await holderOf(deps, invited.email);
    if (holder !== undefined) {
      if (holder.tenantId === actor.tenantId) throw emailTaken();
      await tellHolder(actor, holder);
      return answer;
    }
    const now = deps.now();
    const member: User = {
      ...invited,
      id: newId(now),
      tenantId: actor.tenantId,
      createdAt: now.toISOString(),
    };
    try {
      await enrolUser(deps, provisioner, { user: member });
    } catch (error: unknown) {
      if (!(error instanceof ConflictError)) throw error;
      // Taken in the meantime, or known to the identity provider alone: the same answer again.
      const taker = await holderOf(deps, invited.email);
      if (taker === undefined || taker.tenantId === actor.tenantId) throw error;
      await tellHolder(actor, taker);
    }
    return answer;
  };
}

/** Who holds `email` across the platform: the lookup reaches the e-mail index's partition only. */
function holderOf(deps: DataContext, email: string): Promise<User | undefined> {
  return reaching([userByEmailPartition(email)], () => findUserByEmail(deps, email));
}

/**
 * The mail to the holder of an address a structure tried to invite: their first name and the
 * structure's name, nothing else (not who invited, not the names they typed).
 */
export function invitationElsewhereMail(holder: User, structureName: string): MailMessage {
  return {
    to: holder.email,
    subject: 'Une structure a souhaité vous inviter sur Appui',
    text: [
      `Bonjour ${holder.firstName},`,
      '',
      `La structure « ${structureName} » a souhaité vous inviter dans son équipe sur Appui.`,
      'Votre adresse est déjà celle d’un compte Appui : rien n’a été changé à votre compte.',
      'Si vous souhaitez la rejoindre, prenez contact avec elle.',
      '',
      'Appui',
    ].join('\n'),
  };
}
