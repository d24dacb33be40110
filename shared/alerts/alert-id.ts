/**
 * An alert's public id: the base64url of its sort key. It goes in URLs as it is, and maps back
 * to the item's key with no lookup; the tenant half of the key always comes from the caller's
 * token, so an id copied from another structure names nothing in the caller's own.
 */

import type { ItemKey } from '../data/keys.ts';
import { type Alert, alert, alertKey } from './alert.ts';

type AlertKeyParts = Pick<Alert, 'subject' | 'kind' | 'dueOn'>;

const base64url = /^[A-Za-z0-9_-]+$/;
/** What `alertKey` writes: `CASE#<uuid>#ALERT#<kind>#<date>` or `REFERRAL#<uuid>#ALERT#<kind>#<date>`. */
const alertSortKey = /^(CASE|REFERRAL)#([^#]+)#ALERT#([^#]+)#([^#]+)$/;
const subjectParts = alert.shape.subject.shape;

/** The id of the alert with these key parts (the sweep gives it to the alerts it raises). */
export function alertId({ subject, kind, dueOn }: AlertKeyParts): string {
  // The tenant does not go into the id: only the sort key is encoded.
  const { SK } = alertKey('', subject, kind, dueOn);
  return Buffer.from(SK, 'utf8').toString('base64url');
}

/**
 * The key of the caller's alert that `id` names, or undefined when `id` is not exactly an id
 * `alertId` would give: not canonical base64url, an unknown kind or subject type, a malformed
 * uuid or date. Nothing unchecked reaches a key.
 */
export function alertKeyOf(tenantId: string, id: string): ItemKey | undefined {
  if (id.length > 400 || !base64url.test(id)) return undefined;
  const sortKey = Buffer.from(id, 'base64url').toString('utf8');
  // Node's decoder skips what it cannot read: only an id that encodes back to itself is one.
  if (Buffer.from(sortKey, 'utf8').toString('base64url') !== id) return undefined;
  const match = alertSortKey.exec(sortKey);
  if (match === null) return undefined;
  const [, type, subjectId, kind, dueOn] = match;
  const parts = {
    type: subjectParts.type.safeParse(type === 'CASE' ? 'case' : 'referral'),
    id: subjectParts.id.safeParse(subjectId),
    kind: alert.shape.kind.safeParse(kind),
    dueOn: alert.shape.dueOn.safeParse(dueOn),
  };
  if (!parts.type.success || !parts.id.success || !parts.kind.success || !parts.dueOn.success) {
    return undefined;
  }
  const key = alertKey(
    tenantId,
    { type: parts.type.data, id: parts.id.data },
    parts.kind.data,
    parts.dueOn.data,
  );
  // Rebuilt from checked parts, the key must be exactly what was encoded.
  return key.SK === sortKey ? key : undefined;
}
