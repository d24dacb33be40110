/**
 * What `asn1.js` is in the Lambda bundles (infra/bundling.ts): its `define`, without the DER
 * encoder and decoder behind it (67 KB). The AWS Encryption SDK reads and writes DER only for its
 * ECDSA-signing suites (the signature, the PEM of a signing key); Appui seals with the committing
 * suite that signs nothing, `ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY`. The SDK defines its
 * models when it loads, so `define` answers a model, whose first use fails with this message.
 * Locally and in tests, asn1.js is the package itself.
 */
import BN from './lean-bn.ts';

function absent(): never {
  throw new Error(
    'asn1.js is left out of the Lambda bundles (infra/no-asn1.ts): only the ECDSA-signing suites of the Encryption SDK use it, and Appui seals with a suite that signs nothing',
  );
}

/** A model defined with `define`: it has a name, and encodes or decodes nothing. */
export interface AbsentModel {
  readonly name: string;
  encode(...args: unknown[]): never;
  decode(...args: unknown[]): never;
}

export function define(name: string, _body: unknown): AbsentModel {
  return { name, encode: absent, decode: absent };
}

export const bignum = BN;

export default { define, bignum };
