/**
 * The tenant keys of a function that serves callers (the API, the portal), from its environment:
 * `APPUI_NOTE_KEYS=kms` in AWS (set by the API stack), KMS keys whose calls are signed with the
 * current request's access session; otherwise key files under `APPUI_KEYS_DIR` (or the process's
 * own, defaults.ts). Read once, at cold start; a malformed value throws with its variable's name.
 * The adapter, with the Encryption SDK and the KMS client, loads with the first note
 * (on-first-use.ts).
 */
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { processTenantKeys } from './defaults.ts';
import type { SessionOfNow } from './kms-keys.ts';
import { keysOnFirstUse } from './on-first-use.ts';
import { withOpenedNotes } from './opened-notes.ts';
import type { TenantKeys } from './tenant-keys.ts';

export function loadTenantKeys(where: {
  stage: string;
  region: string;
  /** The access session of the code running now (tenant-credentials.ts `makeCallerAccess`). */
  sessionOfNow: () => SessionOfNow | undefined;
}): TenantKeys {
  const kind = getStringFromEnv({ key: 'APPUI_NOTE_KEYS', defaultValue: 'local' });
  if (kind === 'kms') {
    return withOpenedNotes(
      keysOnFirstUse(async () => {
        const { kmsClientsOf, makeKmsTenantKeys } = await import('./kms-keys.ts');
        return makeKmsTenantKeys({
          stage: where.stage,
          kms: kmsClientsOf(where.region, where.sessionOfNow),
        });
      }),
    );
  }
  if (kind !== 'local') {
    throw new Error(`APPUI_NOTE_KEYS must be "kms" or "local", got "${kind}"`);
  }
  const dir = getStringFromEnv({ key: 'APPUI_KEYS_DIR', defaultValue: '' });
  if (dir === '') return processTenantKeys();
  return withOpenedNotes(
    keysOnFirstUse(async () => (await import('./local-keys.ts')).makeLocalTenantKeys(dir)),
  );
}
