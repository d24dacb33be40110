/**
 * Notes already opened, kept a few minutes by the process that opened them. Opening a note is an
 * Encryption SDK message each time (about 1 ms of CPU), and a case file is read again and again:
 * the page after each form, the reload after a 412. The same ciphertext, read for the same
 * tenant at the same place, opens to the same text, so it is answered from memory.
 *
 * Bounded like the data keys the caching materials manager keeps (kms-keys.ts): 5 minutes from
 * the opening, 5,000 notes per process. A hit needs the exact bytes read from the tenant's
 * partition, so nothing is served that the caller could not have opened. `destroy` forgets the
 * tenant's notes at once; a key destroyed by another process stops being served within 5 minutes,
 * as its cached data key does.
 */
import { createHash } from 'node:crypto';
import type { NoteBinding, TenantKeys } from './tenant-keys.ts';

export interface OpenedNotesOptions {
  maxNotes?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export function withOpenedNotes(
  keys: TenantKeys,
  { maxNotes = 5_000, maxAgeMs = 5 * 60_000, now = Date.now }: OpenedNotesOptions = {},
): TenantKeys {
  /** In order of use: the first is the one to forget when the cache is full. */
  const opened = new Map<string, { text: string; openedAt: number }>();
  const entryOf = (tenantId: string, binding: NoteBinding, sealed: Uint8Array) =>
    [
      tenantId,
      binding.field,
      binding.item,
      createHash('sha256').update(sealed).digest('base64'),
    ].join('\u0000');

  return {
    provision: (tenantId) => keys.provision(tenantId),
    async destroy(tenantId) {
      for (const entry of opened.keys()) {
        if (entry.startsWith(`${tenantId}\u0000`)) opened.delete(entry);
      }
      await keys.destroy(tenantId);
    },
    seal: (tenantId, binding, text) => keys.seal(tenantId, binding, text),
    async unseal(tenantId, binding, sealed) {
      const entry = entryOf(tenantId, binding, sealed);
      const known = opened.get(entry);
      opened.delete(entry);
      if (known !== undefined && now() - known.openedAt < maxAgeMs) {
        opened.set(entry, known);
        return known.text;
      }
      const text = await keys.unseal(tenantId, binding, sealed);
      opened.set(entry, { text, openedAt: now() });
      for (const oldest of opened.keys()) {
        if (opened.size <= maxNotes) break;
        opened.delete(oldest);
      }
      return text;
    },
  };
}
