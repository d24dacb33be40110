/** What the platform's operators do: open a structure (a tenant) or a prescriber organisation. */
import { createRoute } from '@hono/zod-openapi';
import { prescriberOrganisation, structure, user } from '../../../shared/domain/entities.ts';
import {
  makeCreatePrescriberOrganisation,
  makeCreateStructure,
  newPrescriberOrganisationInput,
  newStructureInput,
} from '../../../shared/usecases/platform.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, allow } from '../http.ts';
import { json, jsonBody, resourceRouter, versionProblems, z } from '../openapi-kit.ts';

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
      createRoute({
        method: 'post',
        path: '/platform/structures',
        tags,
        summary: 'Ouvrir une structure (un locataire) et son premier responsable',
        operationId: 'platform.structure.create',
        middleware: [allow('platform.structure.create')] as const,
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
      createRoute({
        method: 'post',
        path: '/platform/prescriber-organisations',
        tags,
        summary: 'Ouvrir une organisation prescriptrice et son premier prescripteur',
        operationId: 'platform.org.create',
        middleware: [allow('platform.org.create')] as const,
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
