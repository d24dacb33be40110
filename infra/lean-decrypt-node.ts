/**
 * What `@aws-crypto/decrypt-node` is in the Lambda bundles (infra/bundling.ts): its one export,
 * `buildDecrypt`, as the package writes it, without the two statements its module ends with. In
 * 5.0.2, decrypt_client.js calls `buildDecrypt()` and then `decryptUnsignedMessageStream({})` when
 * it loads (a type check left in the build): a decryption pipeline set up for nothing, some 6 ms of
 * every cold start, that no one reads. Locally and in tests, the package is itself.
 */
import type { buildDecrypt as packageBuildDecrypt } from '@aws-crypto/decrypt-node';
import { CommitmentPolicy, needs, SignaturePolicy } from '@aws-crypto/material-management-node';
import { _decrypt } from '../node_modules/@aws-crypto/decrypt-node/build/module/src/decrypt.js';
import { _decryptStream } from '../node_modules/@aws-crypto/decrypt-node/build/module/src/decrypt_stream.js';

/** The package's `buildDecrypt`, line for line. */
export const buildDecrypt: typeof packageBuildDecrypt = (options = {}) => {
  const {
    commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    maxEncryptedDataKeys = false,
  } = typeof options === 'string' ? { commitmentPolicy: options } : options;
  /* Precondition: node buildDecrypt needs a valid commitmentPolicy. */
  needs(CommitmentPolicy[commitmentPolicy], 'Invalid commitment policy.');
  /* Precondition: node buildDecrypt needs a valid maxEncryptedDataKeys. */
  needs(
    maxEncryptedDataKeys === false || maxEncryptedDataKeys >= 1,
    'Invalid maxEncryptedDataKeys value.',
  );
  const clientOptions = { commitmentPolicy, maxEncryptedDataKeys };
  return {
    decryptUnsignedMessageStream: _decryptStream.bind(
      {},
      { signaturePolicy: SignaturePolicy.ALLOW_ENCRYPT_FORBID_DECRYPT, clientOptions },
    ),
    decryptStream: _decryptStream.bind(
      {},
      { signaturePolicy: SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT, clientOptions },
    ),
    decrypt: _decrypt.bind(
      {},
      { signaturePolicy: SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT, clientOptions },
    ),
  };
};
