import {
  invitation,
  invitationInput,
  makeInviteUser,
} from '../../../shared/identity/invite-user.ts';
import { makeListTeam } from '../../../shared/identity/list-team.ts';
import { teamMember } from '../../../shared/identity/team-member.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  problems,
  resourceRouter,
  versionProblems,
  z,
} from '../openapi-kit.ts';

const tags = ['Structures – équipe'];
const admin = ['structure-admin'] as const;
const TeamMember = teamMember.openapi('TeamMember');
const Invitation = invitation.openapi('Invitation');

export function teamRoutes(deps: ApiDeps) {
  const listTeam = makeListTeam(deps);
  const invite = makeInviteUser(deps, deps.provisioner, deps.mailer);

  return resourceRouter()
    .openapi(
      guardedRoute('team.list', {
        method: 'get',
        path: '/',
        tags,
        summary: 'Les membres de la structure',
        responses: { 200: json(z.object({ items: z.array(TeamMember) }), 'Équipe'), ...problems },
      }),
      async (c) => c.json({ items: await listTeam(actorOf(c, admin)) }, 200),
    )
    .openapi(
      guardedRoute('team.invite', {
        method: 'post',
        path: '/',
        tags,
        summary: 'Inviter un membre (référent ou responsable)',
        description:
          'La même réponse (202) pour une adresse nouvelle et pour une adresse déjà celle d’un compte ' +
          'd’une autre structure : la première devient membre et reçoit l’invitation ; la personne ' +
          'titulaire de la seconde est prévenue par e-mail, rien n’est créé. 409 seulement pour une ' +
          'adresse d’un membre de la structure.',
        request: { body: jsonBody(invitationInput.openapi('InvitationInput')) },
        responses: { 202: json(Invitation, 'Invitation prise en compte'), ...versionProblems },
      }),
      async (c) => c.json(await invite(actorOf(c, admin), c.req.valid('json')), 202),
    );
}
