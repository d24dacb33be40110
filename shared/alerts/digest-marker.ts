/** That a user's e-mail digest of a day (in the structure's time zone) went out: sent once. */
import { type ItemKey, tenantPrefix } from '../data/keys.ts';

export function digestMarkerKey(tenantId: string, userId: string, date: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `DIGEST#${userId}#${date}` };
}
