/** A prescriber organisation (France Travail agency, département service, mission locale, CCAS). */
import { id, isoDateTime, shortText, territory } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { type ItemKey, orgPrefix } from '../data/keys.ts';
import { prescriberKinds } from '../measure/vocabulary.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const prescriberOrganisation = z.strictObject({
  id,
  name: shortText,
  kind: z.enum(prescriberKinds.codes),
  territory,
  createdAt: isoDateTime,
});
export type PrescriberOrganisation = z.infer<typeof prescriberOrganisation>;

export function prescriberOrgKey(orgId: string): ItemKey {
  return { PK: orgPrefix(orgId), SK: 'ORG' };
}

export function prescriberOrgItem(org: PrescriberOrganisation): Item {
  return { ...prescriberOrgKey(org.id), type: 'prescriber-org', schemaVersion, ...org };
}
