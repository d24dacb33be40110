/**
 * The message format of a sealed note, shared by both adapters: the AWS Encryption SDK with the
 * committing, non-signing suite (AES-256-GCM, HKDF-SHA512, key commitment; writers and readers
 * are the same trusted application, so a signature adds nothing but weight) under
 * `REQUIRE_ENCRYPT_REQUIRE_DECRYPT`, one encrypted data key per message.
 *
 * The encryption context names the tenant only, so that the caching materials manager (whose
 * cache key includes the context) lets one data key serve many notes of a tenant. The note's
 * place (its field and item) is bound inside the authenticated plaintext instead, and checked on
 * opening: a ciphertext copied to another item, field or tenant does not open.
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  type KeyringNode,
  type NodeMaterialsManager,
} from '@aws-crypto/material-management-node';
import { z } from '../common/zod.ts';
import { tenantContextKey } from './kms-names.ts';
import { type NoteBinding, NoteUnreadableError } from './tenant-keys.ts';

/** The one suite Appui writes and reads. */
export const noteSuite = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

const clientOptions = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
};
const { encrypt } = buildEncrypt(clientOptions);
const { decrypt } = buildDecrypt(clientOptions);

/** What a sealed note is for: the value of the encryption context's `purpose`. */
const purpose = 'appui-note';

/** The encryption context of every note of a tenant (KMS binds it to the data key, and logs it). */
export function noteContext(tenantId: string): Record<string, string> {
  return { [tenantContextKey]: tenantId, purpose };
}

/** The sealed plaintext: the note and the place it was sealed for. */
const envelopeSchema = z.strictObject({
  v: z.literal(1),
  field: z.string(),
  item: z.string(),
  text: z.string(),
});
type Envelope = z.infer<typeof envelopeSchema>;

/** Encrypts one note with the tenant's materials. */
export async function sealWith(
  materials: KeyringNode | NodeMaterialsManager,
  tenantId: string,
  binding: NoteBinding,
  text: string,
): Promise<Uint8Array> {
  const envelope: Envelope = { v: 1, field: binding.field, item: binding.item, text };
  const { result } = await encrypt(materials, Buffer.from(JSON.stringify(envelope), 'utf8'), {
    suiteId: noteSuite,
    encryptionContext: noteContext(tenantId),
  });
  return new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
}

/**
 * Decrypts one note and checks it was sealed by Appui's suite, for this tenant, at this place.
 * A message that fails those checks throws `NoteUnreadableError('not-this-note')`; a failure of
 * the decryption itself is thrown as it came, for the adapter to tell why.
 */
export async function unsealWith(
  materials: KeyringNode | NodeMaterialsManager,
  tenantId: string,
  binding: NoteBinding,
  sealed: Uint8Array,
): Promise<string> {
  const { plaintext, messageHeader } = await decrypt(materials, sealed);
  const context = messageHeader.encryptionContext;
  if (
    messageHeader.suiteId !== noteSuite ||
    context[tenantContextKey] !== tenantId ||
    context.purpose !== purpose
  ) {
    throw new NoteUnreadableError('not-this-note');
  }
  const envelope = parseEnvelope(plaintext.toString('utf8'));
  if (envelope?.field !== binding.field || envelope.item !== binding.item) {
    throw new NoteUnreadableError('not-this-note');
  }
  return envelope.text;
}

function parseEnvelope(json: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error: unknown) {
    // Authenticated bytes that are not our JSON: not a note Appui sealed.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const parsed = envelopeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
