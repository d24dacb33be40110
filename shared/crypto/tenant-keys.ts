/**
 * The port every note goes through: one key per tenant (structure), which seals its free text
 * before it reaches the table and opens it on the way back. Two adapters: KMS in AWS
 * (kms-keys.ts), a key file per tenant under `.data/keys/` locally (local-keys.ts). Destroying a
 * tenant's key makes every note it sealed unreadable, in the table and in every backup of it
 * (crypto-shredding, when a structure leaves the service).
 */
import { ConflictError } from '../errors.ts';

/** Where a note lives: a ciphertext opens only at the place it was sealed for. */
export interface NoteBinding {
  /** The entity's field, as a path (`summary`, `decline.text`). */
  readonly field: string;
  /** The item's sort key (`CASE#<id>#JOURNAL#<date>#<entry>`, `REFERRAL#<id>`). */
  readonly item: string;
}

export interface TenantKeys {
  /** Creates the tenant's key, when its structure is created. Idempotent. */
  provision(tenantId: string): Promise<void>;
  /**
   * Destroys the tenant's key (crypto-shredding): from then on none of its notes opens again,
   * wherever a copy of them lies. Idempotent. Locally the key file goes at once; in AWS the key
   * loses its alias and is scheduled for deletion (KMS's minimum, 7 days).
   */
  destroy(tenantId: string): Promise<void>;
  /** Seals one note of the tenant for its place; the bytes are what the table stores. */
  seal(tenantId: string, binding: NoteBinding, text: string): Promise<Uint8Array>;
  /**
   * Opens a sealed note. Throws `NoteUnreadableError` when it never will (the key is destroyed,
   * or the ciphertext was not sealed for this tenant and place); anything else (KMS throttling,
   * the network) is thrown as it came, for the request to fail and be retried.
   */
  unseal(tenantId: string, binding: NoteBinding, sealed: Uint8Array): Promise<string>;
}

/** Why a sealed note cannot be opened, for good. */
export type UnreadableReason =
  /** The tenant's key was destroyed (the structure left the service, or its key file is gone). */
  | 'key-destroyed'
  /** The ciphertext does not open with this tenant's key at this place (copied, or altered). */
  | 'not-this-note';

/** A sealed note that will never open. Its message says nothing of the note. */
export class NoteUnreadableError extends Error {
  override readonly name = 'NoteUnreadableError';
  constructor(
    readonly reason: UnreadableReason,
    options?: ErrorOptions,
  ) {
    super(`sealed note unreadable: ${reason}`, options);
  }
}

/**
 * A note to write for a tenant that has no key: destroyed when the structure left the service (or,
 * in AWS, never made for a structure created before notes were sealed).
 */
export class TenantKeyDestroyedError extends ConflictError {
  override readonly name = 'TenantKeyDestroyedError';
  constructor(options?: ErrorOptions) {
    super(
      'Cette structure n’a plus de clé de chiffrement (détruite à son départ du service) : aucune note ne peut y être écrite.',
      options,
    );
  }
}
