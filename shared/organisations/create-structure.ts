/**
 * A platform-admin creates a structure (a tenant) with its first structure-admin, in one
 * transaction; then that user's identity. The API checks the role; the scope is widened to the
 * new partitions only.
 */
import { newId } from '../common/ids.ts';
import { z } from '../common/zod.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { indexPartitions, tenantPrefix } from '../data/keys.ts';
import { deadlineSettings, defaultDeadlineSettings } from '../deadlines/deadline-settings.ts';
import { enrolUser } from '../identity/enrol-user.ts';
import { newUserInput } from '../identity/new-user.ts';
import type { IdentityProvisioner } from '../identity/provisioner.ts';
import type { User } from '../identity/user.ts';
import { describeError, logger } from '../logger.ts';
import { timeZoneOf } from '../measure/territory.ts';
import { type PlatformActor, parseOrRefuse, reaching, type UseCaseDeps } from '../use-case.ts';
import { type Structure, structure, structureItem } from './structure.ts';
import { territoryInRegion } from './territory-in-region.ts';

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
