import { user } from '../../../shared/identity/user.ts';
import {
  makeCreatePrescriberOrganisation,
  newPrescriberOrganisationInput,
} from '../../../shared/organisations/create-prescriber-organisation.ts';
import {
  makeCreateStructure,
  newStructureInput,
} from '../../../shared/organisations/create-structure.ts';
import { prescriberOrganisation } from '../../../shared/organisations/prescriber-organisation.ts';
import { structure } from '../../../shared/organisations/structure.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  resourceRouter,
  versionProblems,
  z,
} from '../openapi-kit.ts';

const tags = ['Plateforme'];
const platformAdmin = ['platform-admin'] as const;

const CreatedStructure = z.object({ structure, firstUser: user }).openapi('CreatedStructure');
const CreatedOrganisation = z
  .object({ organisation: prescriberOrganisation, firstUser: user })
  .openapi('CreatedPrescriberOrganisation');

export function platformRoutes(deps: ApiDeps) {
  const createStructure = makeCreateStructure(deps, deps.provisioner);
  const createOrganisation = makeCreatePrescriberOrganisation(deps, deps.provisioner);

  return resourceRouter()
    .openapi(
      guardedRoute('platform.structure.create', {
        method: 'post',
        path: '/structures',
        tags,
        summary: 'Ouvrir une structure (un locataire) et son premier responsable',
        request: { body: jsonBody(newStructureInput.openapi('NewStructureInput')) },
        responses: { 201: json(CreatedStructure, 'Structure ouverte'), ...versionProblems },
      }),
      async (c) => {
        const created = await createStructure(actorOf(c, platformAdmin), c.req.valid('json'));
        c.header('Location', `/api/v1/platform/structures/${created.structure.id}`);
        return c.json(created, 201);
      },
    )
    .openapi(
      guardedRoute('platform.org.create', {
        method: 'post',
        path: '/prescriber-organisations',
        tags,
        summary: 'Ouvrir une organisation prescriptrice et son premier prescripteur',
        request: {
          body: jsonBody(newPrescriberOrganisationInput.openapi('NewPrescriberOrganisationInput')),
        },
        responses: { 201: json(CreatedOrganisation, 'Organisation ouverte'), ...versionProblems },
      }),
      async (c) => {
        const created = await createOrganisation(actorOf(c, platformAdmin), c.req.valid('json'));
        return c.json(created, 201);
      },
    );
}
