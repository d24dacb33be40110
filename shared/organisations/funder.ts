/** A funder (DDETS, DREETS, the ESF managing authority) of one region. */
import { id, isoDateTime, regionCode, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import { funderPrefix, type ItemKey } from '../data/keys.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const funder = z.strictObject({
  id,
  name: shortText,
  territory: z.strictObject({ region: regionCode }),
  createdAt: isoDateTime,
});
export type Funder = z.infer<typeof funder>;

export function funderKey(funderId: string): ItemKey {
  return { PK: funderPrefix(funderId), SK: 'FUNDER' };
}

export function funderItem(funder: Funder): Item {
  return { ...funderKey(funder.id), type: 'funder', schemaVersion, ...funder };
}
