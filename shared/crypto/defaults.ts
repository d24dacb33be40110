/**
 * The tenant keys a use case works with: those its dependencies carry (the API's and the portal's
 * entry points, `npm start`, tests that choose theirs), or this process's own key files. Those are
 * under `$APPUI_DATA_DIR/keys` when the variable is set, else in a temporary folder of the process:
 * a test or a script never writes keys into the working tree by surprise. In a Lambda function
 * there is no such fallback: a function that seals notes is given its KMS keys, or fails.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { keysOnFirstUse } from './on-first-use.ts';
import { withOpenedNotes } from './opened-notes.ts';
import type { TenantKeys } from './tenant-keys.ts';

/** The folder of the local stack's key files, under its data folder (`.data/keys`). */
export function localKeysDir(dataDir: string): string {
  return join(resolve(dataDir), 'keys');
}

let processKeys: TenantKeys | undefined;

/** This process's own key files (see above); made once. */
export function processTenantKeys(): TenantKeys {
  if (processKeys === undefined) {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
      throw new Error('a function that seals notes must be given its tenant keys (KMS)');
    }
    const dataDir = process.env.APPUI_DATA_DIR;
    const dir =
      dataDir === undefined || dataDir === ''
        ? mkdtempSync(join(tmpdir(), 'appui-keys-'))
        : localKeysDir(dataDir);
    processKeys = withOpenedNotes(
      keysOnFirstUse(async () => (await import('./local-keys.ts')).makeLocalTenantKeys(dir)),
    );
  }
  return processKeys;
}

/** `deps` with its tenant keys, or this process's own when it carries none. */
export function withTenantKeys<T extends { tenantKeys?: TenantKeys | undefined }>(
  deps: T,
): T & { tenantKeys: TenantKeys } {
  return { ...deps, tenantKeys: deps.tenantKeys ?? processTenantKeys() };
}
