/**
 * The local stack's tenant keys: one random 256-bit key per tenant in `<dir>/<tenantId>.key`
 * (mode 0600, in a 0700 folder; `.data/keys/` for `npm start`), wrapping each note's data key
 * with the SDK's raw AES keyring. Deleting a tenant's file destroys its key: its notes no longer
 * open. A tenant created before notes were sealed (the demo data, a fixture written directly)
 * gets its key when its first note is sealed; on opening, a missing key means a destroyed one.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { sealWith, unsealWith } from './envelope.ts';
import { type NoteBinding, NoteUnreadableError, type TenantKeys } from './tenant-keys.ts';

/** The key provider namespace written in each message's encrypted data key. */
export const localKeyNamespace = 'appui-local';

const keyBytes = 32;
/** Tenant ids are UUIDs: nothing else names a key file (no path can be made of one). */
const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LoadedKey {
  keyring: RawAesKeyringNode;
  /** The file it was read from (inode and change time): a file replaced since is read again. */
  identity: string;
}

/** The key file of a tenant in `dir`. */
export function localKeyPath(dir: string, tenantId: string): string {
  if (!tenantIdPattern.test(tenantId)) throw new RangeError('a tenant id is a UUID');
  return join(dir, `${tenantId}.key`);
}

export function makeLocalTenantKeys(dir: string): TenantKeys {
  const loaded = new Map<string, LoadedKey>();

  function identityOf(path: string): string | undefined {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? undefined : `${stats.ino}:${stats.ctimeMs}`;
  }

  /** Writes a new key unless the tenant has one (`wx`: two writers never replace each other's). */
  function create(tenantId: string): void {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(localKeyPath(dir, tenantId), randomBytes(keyBytes), {
        flag: 'wx',
        mode: 0o600,
      });
    } catch (error: unknown) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }

  /** The tenant's keyring as its file holds it now, or undefined when there is no file. */
  function keyringOf(tenantId: string): RawAesKeyringNode | undefined {
    const path = localKeyPath(dir, tenantId);
    const identity = identityOf(path);
    if (identity === undefined) {
      loaded.delete(tenantId);
      return undefined;
    }
    const known = loaded.get(tenantId);
    if (known?.identity === identity) return known.keyring;
    // A copy in its own buffer: the keyring refuses a slice of Node's shared pool.
    const key = new Uint8Array(readFileSync(path));
    if (key.byteLength !== keyBytes) {
      throw new Error(`the key file of tenant ${tenantId} is not a ${keyBytes}-byte key`);
    }
    const keyring = new RawAesKeyringNode({
      keyName: tenantId,
      keyNamespace: localKeyNamespace,
      unencryptedMasterKey: key,
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    loaded.set(tenantId, { keyring, identity });
    return keyring;
  }

  return {
    async provision(tenantId) {
      create(tenantId);
    },

    async destroy(tenantId) {
      rmSync(localKeyPath(dir, tenantId), { force: true });
      loaded.delete(tenantId);
    },

    async seal(tenantId: string, binding: NoteBinding, text: string) {
      let keyring = keyringOf(tenantId);
      if (keyring === undefined) {
        create(tenantId);
        keyring = keyringOf(tenantId);
      }
      if (keyring === undefined) throw new Error(`no key could be made for tenant ${tenantId}`);
      return sealWith(keyring, tenantId, binding, text);
    },

    async unseal(tenantId: string, binding: NoteBinding, sealed: Uint8Array) {
      const keyring = keyringOf(tenantId);
      if (keyring === undefined) throw new NoteUnreadableError('key-destroyed');
      try {
        return await unsealWith(keyring, tenantId, binding, sealed);
      } catch (error: unknown) {
        if (error instanceof NoteUnreadableError) throw error;
        // Nothing but the file is involved here: a message this key does not open never will.
        throw new NoteUnreadableError('not-this-note', { cause: error });
      }
    },
  };
}
