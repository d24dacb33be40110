/** A provider structure: one tenant, its convention and capacity, listed in its region's directory. */
import { id, isoDateTime, shortText, siret, territory } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, indexPartitions, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { deadlineSettings } from '../deadlines/deadline-settings.ts';
import { structureKinds } from '../measure/vocabulary.ts';

const { byRelation } = tableDefinition.indexes;

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const structure = z.strictObject({
  id,
  name: shortText,
  siret,
  kind: z.enum(structureKinds.codes),
  territory,
  timeZone: z.string().min(1),
  capacity: z.int().min(1).max(10_000),
  /** Convention amount per six-month support, in euro cents. */
  conventionAmountPerSupportCents: z.int().min(0),
  cofinancing: z.strictObject({
    esfPercent: z.int().min(0).max(100),
    statePercent: z.int().min(0).max(100),
  }),
  deadlines: deadlineSettings,
  /** Cases accepted and not exited: capacity minus this is what the directory shows as free. */
  activeCases: z.int().min(0),
  createdAt: isoDateTime,
});
export type Structure = z.infer<typeof structure>;

export function structureKey(tenantId: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: 'STRUCTURE' };
}

/** Structures of a region by département, for prescribers choosing where to refer (one Query). */
export function directoryIndexKeys(region: string, departement: string, tenantId: string) {
  return {
    [byRelation.partitionKey]: indexPartitions.directory(region),
    [byRelation.sortKey]: `${departement}#${tenantId}`,
  };
}

export function structureItem(structure: Structure): Item {
  return {
    ...structureKey(structure.id),
    ...directoryIndexKeys(
      structure.territory.region,
      structure.territory.departement,
      structure.id,
    ),
    type: 'structure',
    schemaVersion,
    ...structure,
  };
}
