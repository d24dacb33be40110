/** A structure's team: who works there, and inviting a new référent or responsable. */
import { createRoute } from '@hono/zod-openapi';
import {
  invitationInput,
  makeInviteUser,
  makeListTeam,
  teamMember,
} from '../../../shared/usecases/team.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, allow } from '../http.ts';
import { json, jsonBody, problems, resourceRouter, versionProblems, z } from '../openapi-kit.ts';

const tags = ['Structures – équipe'];
const admin = ['structure-admin'] as const;
const TeamMember = teamMember.openapi('TeamMember');

export function teamRoutes(deps: ApiDeps) {
  const listTeam = makeListTeam(deps);
  const invite = makeInviteUser(deps, deps.provisioner);

  return resourceRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/team',
        tags,
        summary: 'Les membres de la structure',
        operationId: 'team.list',
        middleware: [allow('team.list')] as const,
        responses: { 200: json(z.object({ items: z.array(TeamMember) }), 'Équipe'), ...problems },
      }),
      async (c) => c.json({ items: await listTeam(actorOf(c, admin)) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/team',
        tags,
        summary: 'Inviter un membre (référent ou responsable)',
        operationId: 'team.invite',
        middleware: [allow('team.invite')] as const,
        request: { body: jsonBody(invitationInput.openapi('InvitationInput')) },
        responses: { 201: json(TeamMember, 'Membre invité'), ...versionProblems },
      }),
      async (c) => c.json(await invite(actorOf(c, admin), c.req.valid('json')), 201),
    );
}
