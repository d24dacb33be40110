import { describe, expect, it } from 'vitest';
import { withOpenedNotes } from '../../shared/crypto/opened-notes.ts';
import { NoteUnreadableError, type TenantKeys } from '../../shared/crypto/tenant-keys.ts';

const tenant = '0194b219-c1a0-70eb-abd6-20b1bc876140';
const other = '0194b219-c1a0-70eb-abd6-20b1bc876141';
const place = { field: 'summary', item: 'CASE#1#JOURNAL#2026-01-05#a' };

/** Keys that "open" a note as its bytes read as text, and count how often they are asked. */
function countingKeys() {
  const calls = { unseal: 0 };
  const destroyed = new Set<string>();
  const keys: TenantKeys = {
    provision: async () => {},
    destroy: async (tenantId) => {
      destroyed.add(tenantId);
    },
    seal: async (_tenantId, _binding, text) => new TextEncoder().encode(text),
    unseal: async (tenantId, _binding, sealed) => {
      calls.unseal += 1;
      if (destroyed.has(tenantId)) throw new NoteUnreadableError('key-destroyed');
      return new TextDecoder().decode(sealed);
    },
  };
  return { keys, calls };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('withOpenedNotes', () => {
  it('opens a note once, and answers the same bytes at the same place from memory', async () => {
    const { keys, calls } = countingKeys();
    const cached = withOpenedNotes(keys);
    expect(await cached.unseal(tenant, place, bytes('note'))).toBe('note');
    expect(await cached.unseal(tenant, place, bytes('note'))).toBe('note');
    expect(calls.unseal).toBe(1);
    // Other bytes, another place or another tenant: opened by the keys, never served.
    await cached.unseal(tenant, place, bytes('autre'));
    await cached.unseal(tenant, { ...place, field: 'privateNote' }, bytes('note'));
    await cached.unseal(other, place, bytes('note'));
    expect(calls.unseal).toBe(4);
  });

  it('forgets a note after its time, and the oldest when full', async () => {
    const { keys, calls } = countingKeys();
    let clock = 0;
    const cached = withOpenedNotes(keys, { maxAgeMs: 1_000, maxNotes: 2, now: () => clock });
    await cached.unseal(tenant, place, bytes('a'));
    clock = 999;
    await cached.unseal(tenant, place, bytes('a'));
    expect(calls.unseal).toBe(1);
    clock = 1_000;
    await cached.unseal(tenant, place, bytes('a'));
    expect(calls.unseal).toBe(2);
    await cached.unseal(tenant, place, bytes('b'));
    await cached.unseal(tenant, place, bytes('c'));
    await cached.unseal(tenant, place, bytes('a'));
    expect(calls.unseal).toBe(5);
  });

  it('forgets a tenant’s notes when its key is destroyed', async () => {
    const { keys } = countingKeys();
    const cached = withOpenedNotes(keys);
    await cached.unseal(tenant, place, bytes('note'));
    await cached.unseal(other, place, bytes('note'));
    await cached.destroy(tenant);
    await expect(cached.unseal(tenant, place, bytes('note'))).rejects.toBeInstanceOf(
      NoteUnreadableError,
    );
    expect(await cached.unseal(other, place, bytes('note'))).toBe('note');
  });
});
