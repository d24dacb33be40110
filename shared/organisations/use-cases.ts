/**
 * The platform-admin's use cases: a new structure (a tenant) or prescriber organisation, each
 * with its first user, in one transaction; then that user's identity (identity.ts). The API
 * checks the role; the scope is widened to the new partitions only.
 */

import { newId } from '../common/ids.ts';
import { parseOrRefuse } from '../common/validation.ts';
import { z } from '../common/zod.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { prescriberOrgItem, structureItem } from '../data/items.ts';
import { indexPartitions, orgPrefix, tenantPrefix } from '../data/keys.ts';
import {
  deadlineSettings,
  defaultDeadlineSettings,
  type PrescriberOrganisation,
  prescriberOrganisation,
  type Structure,
  structure,
  territory,
  type User,
} from '../domain/entities.ts';
import { enrolUser } from '../identity/enrol-user.ts';
import { newUserInput } from '../identity/new-user.ts';
import type { IdentityProvisioner } from '../identity/provisioner.ts';
import { describeError, logger } from '../logger.ts';
import { regionOf, regions, timeZoneOf } from '../measure/territory.ts';
import { type PlatformActor, reaching, type UseCaseDeps } from '../use-case.ts';

// Zod runs these checks even when a field inside failed: they look only at well-formed values.

/** A territory whose département lies in its region. */
const territoryInRegion = territory.check((ctx) => {
  const { region, departement } = ctx.value;
  if (ctx.issues.length > 0 || regionOf(departement) === region) return;
  ctx.issues.push({
    code: 'custom',
    input: departement,
    path: ['departement'],
    message: `le département ${departement} n’est pas dans la région ${region} (${regions[region].name})`,
  });
});

/** What a platform-admin sends to create a structure and its first structure-admin. */
export const newStructureInput = z.strictObject({
  name: structure.shape.name,
  siret: structure.shape.siret,
  kind: structure.shape.kind,
  territory: territoryInRegion,
  capacity: structure.shape.capacity,
  conventionAmountPerSupportCents: structure.shape.conventionAmountPerSupportCents,
  cofinancing: structure.shape.cofinancing.check((ctx) => {
    const total = ctx.value.esfPercent + ctx.value.statePercent;
    if (ctx.issues.length > 0 || total === 100) return;
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `les parts FSE et État doivent faire 100 % ensemble (${total} % reçus)`,
    });
  }),
  /** The structure's deadline thresholds; the design page's defaults when absent. */
  deadlines: deadlineSettings.optional(),
  firstUser: newUserInput,
});
export type NewStructureInput = z.input<typeof newStructureInput>;

export interface CreatedStructure {
  structure: Structure;
  /** Its structure-admin. */
  firstUser: User;
}

/**
 * Creates a structure (empty, in the directory of its region), its key for the notes, and its
 * structure-admin, whose identity is then provisioned. 422 naming each invalid field, 409 when the
 * e-mail is taken.
 */
export function makeCreateStructure(deps: UseCaseDeps, provisioner: IdentityProvisioner) {
  return async (_actor: PlatformActor, input: NewStructureInput): Promise<CreatedStructure> => {
    const { firstUser: admin, deadlines, ...fields } = parseOrRefuse(newStructureInput, input);
    const now = deps.now();
    const createdAt = now.toISOString();
    const created: Structure = {
      ...fields,
      id: newId(now),
      timeZone: timeZoneOf(fields.territory.departement),
      deadlines: deadlines ?? defaultDeadlineSettings,
      activeCases: 0,
      createdAt,
    };
    const firstUser: User = {
      ...admin,
      id: newId(now),
      role: 'structure-admin',
      tenantId: created.id,
      createdAt,
    };
    // Its key first (KMS in AWS, a key file locally): a structure never holds a note without one.
    const { tenantKeys } = withTenantKeys(deps);
    await reaching([tenantPrefix(created.id)], () => tenantKeys.provision(created.id));
    try {
      await enrolUser(deps, provisioner, {
        user: firstUser,
        alongside: [structureItem(created)],
        reach: [tenantPrefix(created.id), indexPartitions.directory(created.territory.region)],
      });
    } catch (error: unknown) {
      // Nothing was created: neither is the key kept (KMS bills a key by the month).
      await reaching([tenantPrefix(created.id)], () => tenantKeys.destroy(created.id)).catch(
        (cleanup: unknown) =>
          logger.warn('the key of a structure not created stays', {
            tenantId: created.id,
            error: describeError(cleanup),
          }),
      );
      throw error;
    }
    return { structure: created, firstUser };
  };
}

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
