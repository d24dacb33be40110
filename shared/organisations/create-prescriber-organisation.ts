/**
 * A platform-admin creates a prescriber organisation with its first prescriber, in one
 * transaction; then that user's identity.
 */
import { newId } from '../common/ids.ts';
import { z } from '../common/zod.ts';
import { orgPrefix } from '../data/keys.ts';
import { enrolUser } from '../identity/enrol-user.ts';
import { newUserInput } from '../identity/new-user.ts';
import type { IdentityProvisioner } from '../identity/provisioner.ts';
import type { User } from '../identity/user.ts';
import { type PlatformActor, parseOrRefuse, type UseCaseDeps } from '../use-case.ts';
import {
  type PrescriberOrganisation,
  prescriberOrganisation,
  prescriberOrgItem,
} from './prescriber-organisation.ts';
import { territoryInRegion } from './territory-in-region.ts';

/** What a platform-admin sends to create a prescriber organisation and its first prescriber. */
export const newPrescriberOrganisationInput = z.strictObject({
  name: prescriberOrganisation.shape.name,
  kind: prescriberOrganisation.shape.kind,
  territory: territoryInRegion,
  firstUser: newUserInput,
});
export type NewPrescriberOrganisationInput = z.input<typeof newPrescriberOrganisationInput>;

export interface CreatedPrescriberOrganisation {
  organisation: PrescriberOrganisation;
  /** Its first prescriber. */
  firstUser: User;
}

/** Creates a prescriber organisation and its first prescriber, whose identity is then provisioned. */
export function makeCreatePrescriberOrganisation(
  deps: UseCaseDeps,
  provisioner: IdentityProvisioner,
) {
  return async (
    _actor: PlatformActor,
    input: NewPrescriberOrganisationInput,
  ): Promise<CreatedPrescriberOrganisation> => {
    const { firstUser: prescriber, ...fields } = parseOrRefuse(
      newPrescriberOrganisationInput,
      input,
    );
    const now = deps.now();
    const createdAt = now.toISOString();
    const organisation: PrescriberOrganisation = { ...fields, id: newId(now), createdAt };
    const firstUser: User = {
      ...prescriber,
      id: newId(now),
      role: 'prescriber',
      orgId: organisation.id,
      createdAt,
    };
    await enrolUser(deps, provisioner, {
      user: firstUser,
      alongside: [prescriberOrgItem(organisation)],
      reach: [orgPrefix(organisation.id)],
    });
    return { organisation, firstUser };
  };
}
