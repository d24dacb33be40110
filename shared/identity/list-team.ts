import type { UseCaseDeps } from '../use-case.ts';
import { queryTeam, type StructureAdminActor, type TeamMember } from './team-member.ts';

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
