/** Who may enter the structure's area, and its team: shared by the area and its case-file routes. */

import type { Context } from 'hono';
import { isAllowed } from '../../shared/auth/rights.ts';
import { actorOf } from '../../shared/http/guards.ts';
import { makeListTeam } from '../../shared/identity/list-team.ts';
import type { PortalEnv } from '../area.tsx';
import type { PortalDeps } from '../deps.ts';

export const structureRoles = ['referent', 'structure-admin'] as const;
export const adminRole = ['structure-admin'] as const;

/** The team, when the caller may list it (a structure-admin); a référent works with "Moi-même". */
export function makeTeamOf(deps: PortalDeps) {
  const listTeam = makeListTeam(deps);
  return (c: Context<PortalEnv>) =>
    isAllowed(c.var.principal.role, 'team.list')
      ? listTeam(actorOf(c, adminRole))
      : Promise.resolve(undefined);
}
