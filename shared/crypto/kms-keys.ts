/**
 * The tenant keys in AWS: one KMS key per tenant, `alias/appui/<stage>/tenant/<tenantId>`,
 * tagged with its tenant. A note is sealed under a data key that KMS generates for the tenant's
 * key; a caching materials manager per tenant (and per access session) lets one data key serve
 * many notes for a few minutes, so a note does not cost a KMS call.
 *
 * Every KMS call is signed with the credentials of the code running now — its request's access
 * session, the same as its DynamoDB calls — so IAM allows a tenant's session its own key only
 * (access-roles.ts). The alias is resolved to the key's ARN once per tenant: the SDK's keyring
 * matches a message's encrypted data key by ARN, never by alias.
 */

import {
  getLocalCryptographicMaterialsCache,
  NodeCachingMaterialsManager,
} from '@aws-crypto/caching-materials-manager-node';
import { KmsKeyringNode, type KmsNodeClientSupplier } from '@aws-crypto/kms-keyring-node';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  type DecryptCommandInput,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  type EncryptCommandInput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandInput,
  KMSClient,
  type KMSClientConfig,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { UnavailableError } from '../errors.ts';
import { sealWith, unsealWith } from './envelope.ts';
import { deletionWindowDays, stageTagKey, tenantKeyAlias, tenantTagKey } from './kms-names.ts';
import {
  type NoteBinding,
  NoteUnreadableError,
  TenantKeyDestroyedError,
  type TenantKeys,
} from './tenant-keys.ts';

/** The KMS client the code running now must use, and the access session it signs for. */
export interface KmsClientOfNow {
  /** The access session's key (role and tags); '' for the function's own credentials. */
  readonly session: string;
  readonly client: KMSClient;
}

export interface KmsTenantKeysOptions {
  stage: string;
  /** The client of the current request's access session (`kmsClientsOf`). */
  kms: () => KmsClientOfNow;
  /** How long a data key serves (5 minutes). */
  maxAgeMs?: number;
  /** How many notes one data key seals at most (1 000). */
  maxMessagesPerDataKey?: number;
  /** Materials managers kept (least recently used go first): one per tenant and access session. */
  maxManagers?: number;
}

/** Key states in which a key will never open a note again. */
const goneStates = new Set(['PendingDeletion', 'PendingReplicaDeletion', 'Disabled']);
/** KMS answers that say "try again later". */
const transient = /ThrottlingException|KMSInternalException|DependencyTimeoutException/;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** What the SDK's keyring calls, served by the modular client (no aggregated `KMS` class). */
function keyringClient(client: KMSClient): KmsNodeClientSupplier {
  const calls = {
    generateDataKey: (input: GenerateDataKeyCommandInput) =>
      client.send(new GenerateDataKeyCommand(input)),
    encrypt: (input: EncryptCommandInput) => client.send(new EncryptCommand(input)),
    decrypt: (input: DecryptCommandInput) => client.send(new DecryptCommand(input)),
  };
  return () => calls;
}

export function makeKmsTenantKeys(options: KmsTenantKeysOptions): TenantKeys {
  const maxAge = options.maxAgeMs ?? 5 * 60_000;
  const maxMessagesEncrypted = options.maxMessagesPerDataKey ?? 1_000;
  const maxManagers = options.maxManagers ?? 200;
  const cache = getLocalCryptographicMaterialsCache(1_000);
  const arns = new Map<string, Promise<string>>();
  const managers = new Map<string, NodeCachingMaterialsManager>();
  const aliasOf = (tenantId: string) => tenantKeyAlias(options.stage, tenantId);

  /** Whether the tenant's key is gone for good: no alias, or a key disabled or being deleted. */
  async function destroyed(client: KMSClient, tenantId: string): Promise<boolean> {
    try {
      const { KeyMetadata } = await client.send(
        new DescribeKeyCommand({ KeyId: aliasOf(tenantId) }),
      );
      return KeyMetadata?.KeyState !== undefined && goneStates.has(KeyMetadata.KeyState);
    } catch (error: unknown) {
      if (errorName(error) === 'NotFoundException') return true;
      throw error;
    }
  }

  function forget(tenantId: string): void {
    arns.delete(tenantId);
    for (const key of managers.keys()) {
      if (key.endsWith(`\n${tenantId}`)) managers.delete(key);
    }
  }

  function arnOf(client: KMSClient, tenantId: string): Promise<string> {
    let found = arns.get(tenantId);
    if (found === undefined) {
      found = client
        .send(new DescribeKeyCommand({ KeyId: aliasOf(tenantId) }))
        .then(({ KeyMetadata }) => {
          if (KeyMetadata?.Arn === undefined) throw new Error('DescribeKey answered no key ARN');
          return KeyMetadata.Arn;
        });
      arns.set(tenantId, found);
      // Nothing half-made is kept: the next note asks again.
      found.catch(() => arns.delete(tenantId));
    }
    return found;
  }

  async function managerOf(now: KmsClientOfNow, tenantId: string) {
    const key = `${now.session}\n${tenantId}`;
    let manager = managers.get(key);
    if (manager === undefined) {
      const generatorKeyId = await arnOf(now.client, tenantId);
      manager = new NodeCachingMaterialsManager({
        backingMaterials: new KmsKeyringNode({
          generatorKeyId,
          clientProvider: keyringClient(now.client),
        }),
        // Each manager has its own partition of the cache: a session never uses another's keys.
        cache,
        maxAge,
        maxMessagesEncrypted,
      });
    }
    managers.delete(key);
    managers.set(key, manager);
    for (const oldest of managers.keys()) {
      if (managers.size <= maxManagers) break;
      managers.delete(oldest);
    }
    return manager;
  }

  /** Why a KMS-backed operation failed, as the caller should see it. */
  async function explain(
    error: unknown,
    client: KMSClient,
    tenantId: string,
    operation: 'seal' | 'unseal',
  ): Promise<unknown> {
    if (error instanceof NoteUnreadableError) return error;
    if (
      transient.test(errorName(error)) ||
      (error instanceof Error && transient.test(error.message))
    ) {
      return new UnavailableError(
        'Le service de chiffrement ne répond pas : réessayez dans un instant.',
        {
          cause: error,
        },
      );
    }
    if (await destroyed(client, tenantId)) {
      forget(tenantId);
      return operation === 'seal'
        ? new TenantKeyDestroyedError({ cause: error })
        : new NoteUnreadableError('key-destroyed', { cause: error });
    }
    // The key is there and the session may use it (AccessDenied is thrown as it came): this
    // message was not sealed under it, or was altered.
    if (operation === 'unseal' && !/AccessDenied/.test(`${errorName(error)} ${String(error)}`)) {
      return new NoteUnreadableError('not-this-note', { cause: error });
    }
    return error;
  }

  return {
    async provision(tenantId) {
      const { client } = options.kms();
      const { KeyMetadata } = await client.send(
        new CreateKeyCommand({
          Description: `Appui ${options.stage}: notes of tenant ${tenantId}`,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Tags: [
            { TagKey: tenantTagKey, TagValue: tenantId },
            { TagKey: stageTagKey, TagValue: options.stage },
          ],
        }),
      );
      const keyId = KeyMetadata?.KeyId;
      if (keyId === undefined) throw new Error('CreateKey answered no key id');
      try {
        await client.send(
          new CreateAliasCommand({ AliasName: aliasOf(tenantId), TargetKeyId: keyId }),
        );
      } catch (error: unknown) {
        // The tenant already has its key (a retried creation): the new one goes.
        await client.send(
          new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: deletionWindowDays }),
        );
        if (errorName(error) === 'AlreadyExistsException') return;
        throw error;
      }
      await client.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    },

    async destroy(tenantId) {
      const { client } = options.kms();
      forget(tenantId);
      let keyId: string | undefined;
      try {
        const { KeyMetadata } = await client.send(
          new DescribeKeyCommand({ KeyId: aliasOf(tenantId) }),
        );
        keyId = KeyMetadata?.KeyId;
      } catch (error: unknown) {
        // No alias: destroyed already.
        if (errorName(error) === 'NotFoundException') return;
        throw error;
      }
      if (keyId === undefined) throw new Error('DescribeKey answered no key id');
      try {
        await client.send(
          new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: deletionWindowDays }),
        );
      } catch (error: unknown) {
        // Scheduled by an earlier run that stopped before the alias went.
        if (errorName(error) !== 'KMSInvalidStateException') throw error;
      }
      await client.send(new DeleteAliasCommand({ AliasName: aliasOf(tenantId) }));
    },

    async seal(tenantId: string, binding: NoteBinding, text: string) {
      const now = options.kms();
      try {
        return await sealWith(await managerOf(now, tenantId), tenantId, binding, text);
      } catch (error: unknown) {
        throw await explain(error, now.client, tenantId, 'seal');
      }
    },

    async unseal(tenantId: string, binding: NoteBinding, sealed: Uint8Array) {
      const now = options.kms();
      try {
        return await unsealWith(await managerOf(now, tenantId), tenantId, binding, sealed);
      } catch (error: unknown) {
        throw await explain(error, now.client, tenantId, 'unseal');
      }
    },
  };
}

/** The session whose credentials the code running now must sign with; undefined for the function's own. */
export interface SessionOfNow {
  readonly key: string;
  readonly credentials: KMSClientConfig['credentials'];
}

/**
 * One KMS client per access session (at most `maxClients`), built like the DynamoDB clients of
 * tenant-credentials.ts, and the function's own for code that runs in no caller's session.
 */
export function kmsClientsOf(
  region: string,
  sessionOfNow: () => SessionOfNow | undefined,
  maxClients = 100,
): () => KmsClientOfNow {
  const own = new KMSClient({ region });
  const clients = new Map<string, KMSClient>();
  return () => {
    const session = sessionOfNow();
    if (session === undefined) return { session: '', client: own };
    const client =
      clients.get(session.key) ?? new KMSClient({ region, credentials: session.credentials });
    clients.delete(session.key);
    clients.set(session.key, client);
    for (const [oldest, unused] of clients) {
      if (clients.size <= maxClients) break;
      unused.destroy();
      clients.delete(oldest);
    }
    return { session: session.key, client };
  };
}
