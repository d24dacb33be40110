/**
 * The local tenant keys (one key file per tenant) and the message format both adapters share:
 * a note opens only with its tenant's key, at the place it was sealed for, and never again once
 * the key is destroyed.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localKeyPath, makeLocalTenantKeys } from '../../shared/crypto/local-keys.ts';
import { NoteUnreadableError } from '../../shared/crypto/tenant-keys.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function aKeyFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'appui-keys-test-'));
  folders.push(folder);
  return join(folder, 'keys');
}

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const summary = { field: 'summary', item: 'CASE#c1#JOURNAL#2026-02-01#e1' };
const note = 'Parle de sa dette auprès du bailleur, suivi CSAPA en cours.';

async function unreadableReason(attempt: Promise<unknown>): Promise<string | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error: unknown) {
    if (error instanceof NoteUnreadableError) return error.reason;
    throw error;
  }
}

describe('the local tenant keys', () => {
  it('seal a note into bytes that hold nothing of it, and open it again', async () => {
    const keys = makeLocalTenantKeys(aKeyFolder());
    await keys.provision(tenantA);

    const sealed = await keys.seal(tenantA, summary, note);

    const raw = Buffer.from(sealed);
    expect(raw.toString('utf8')).not.toContain('dette');
    expect(raw.toString('latin1')).not.toContain('CSAPA');
    expect(await keys.unseal(tenantA, summary, sealed)).toBe(note);
  });

  it('write each tenant’s key alone in its file, readable by its owner only', async () => {
    const dir = aKeyFolder();
    const keys = makeLocalTenantKeys(dir);

    await keys.provision(tenantA);
    await keys.provision(tenantA);

    const file = statSync(localKeyPath(dir, tenantA));
    expect(file.size).toBe(32);
    expect(file.mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuse to open a note with another tenant’s key, or at another place', async () => {
    const keys = makeLocalTenantKeys(aKeyFolder());
    await keys.provision(tenantB);
    const sealed = await keys.seal(tenantA, summary, note);

    expect(await unreadableReason(keys.unseal(tenantB, summary, sealed))).toBe('not-this-note');
    expect(
      await unreadableReason(keys.unseal(tenantA, { ...summary, field: 'privateNote' }, sealed)),
    ).toBe('not-this-note');
    expect(
      await unreadableReason(
        keys.unseal(tenantA, { ...summary, item: 'CASE#c2#JOURNAL#2026-02-01#e9' }, sealed),
      ),
    ).toBe('not-this-note');
  });

  it('refuse an altered ciphertext', async () => {
    const keys = makeLocalTenantKeys(aKeyFolder());
    const sealed = await keys.seal(tenantA, summary, note);
    const altered = new Uint8Array(sealed);
    altered[altered.length - 40] = (altered[altered.length - 40] ?? 0) ^ 0xff;

    expect(await unreadableReason(keys.unseal(tenantA, summary, altered))).toBe('not-this-note');
  });

  it('make a key on the first note of a tenant created before notes were sealed', async () => {
    const dir = aKeyFolder();
    const keys = makeLocalTenantKeys(dir);

    const sealed = await keys.seal(tenantB, summary, note);

    expect(statSync(localKeyPath(dir, tenantB)).size).toBe(32);
    expect(await keys.unseal(tenantB, summary, sealed)).toBe(note);
  });

  it('never open a note again once its tenant’s key is destroyed, by destroy() or by deleting the file', async () => {
    const dir = aKeyFolder();
    const keys = makeLocalTenantKeys(dir);
    const sealedA = await keys.seal(tenantA, summary, note);
    const sealedB = await keys.seal(tenantB, summary, note);

    await keys.destroy(tenantA);
    rmSync(localKeyPath(dir, tenantB));

    expect(await unreadableReason(keys.unseal(tenantA, summary, sealedA))).toBe('key-destroyed');
    expect(await unreadableReason(keys.unseal(tenantB, summary, sealedB))).toBe('key-destroyed');
    // A key made afterwards (a new note) is another key: the old notes stay shut.
    await keys.seal(tenantB, summary, 'Nouvelle note.');
    expect(await unreadableReason(keys.unseal(tenantB, summary, sealedB))).toBe('not-this-note');
  });

  it('read a key file replaced since it was loaded', async () => {
    const dir = aKeyFolder();
    const keys = makeLocalTenantKeys(dir);
    const sealed = await keys.seal(tenantA, summary, note);

    rmSync(localKeyPath(dir, tenantA));
    writeFileSync(localKeyPath(dir, tenantA), Buffer.alloc(32, 7), { mode: 0o600 });

    expect(await unreadableReason(keys.unseal(tenantA, summary, sealed))).toBe('not-this-note');
  });

  it('refuse a tenant id that is not a UUID as a file name', async () => {
    const keys = makeLocalTenantKeys(aKeyFolder());

    await expect(keys.seal('../../etc/passwd', summary, note)).rejects.toThrow(RangeError);
  });
});
