import type { TeamMember } from '../../../shared/identity/team-member.ts';
import type { Viewer } from '../../viewer.ts';

/** How a member of the team is named on a page: "vous" for the reader, else their name. */
export function memberName(
  viewer: Viewer,
  team: readonly TeamMember[] | undefined,
  userId: string | undefined,
): string {
  if (userId === undefined) return 'Aucun';
  if (userId === viewer.principal.userId) return 'Vous';
  const member = team?.find((candidate) => candidate.id === userId);
  return member === undefined ? 'Un membre de l’équipe' : `${member.firstName} ${member.lastName}`;
}

/** The members who can be a case's référent unique, as options of a list. */
export function referentOptions(
  viewer: Viewer,
  team: readonly TeamMember[] | undefined,
): (readonly [string, string])[] {
  if (team === undefined) return [[viewer.principal.userId, 'Moi-même']];
  return team.map((member) => [
    member.id,
    `${member.firstName} ${member.lastName}${member.id === viewer.principal.userId ? ' (vous)' : ''}`,
  ]);
}
