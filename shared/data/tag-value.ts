/**
 * STS's alphabet for session tag values: letters, digits, space and `_ . : / = + - @`, at most
 * 256 characters. Partitions whose owner becomes a session tag (the e-mail claim's) are built
 * with the owner in this encoding, so that the tag IAM substitutes into the policy and the key
 * DynamoDB is asked for are one string.
 */
import { createHash } from 'node:crypto';

/** The most STS takes in one tag value. */
export const maxTagValueLength = 256;

const plain = /[A-Za-z0-9 _.:/+\-@]/;
/** A value in STS's alphabet and length, as `tagSafe` writes them (and the ids that need none). */
export const tagSafePattern = /^[A-Za-z0-9 _.:/=+\-@]{1,256}$/;

/**
 * `value` in STS's alphabet: each character outside it (and `=`, the escape) as `=XX` per
 * UTF-8 byte, quoted-printable style; a value whose escape would run past 256 characters as
 * `=SHA256=` and the hex SHA-256 of `value` (`=S` is no escape, so the two never meet).
 * Injective, and the identity on ids, codes and most addresses.
 */
export function tagSafe(value: string): string {
  let encoded = '';
  for (const character of value) {
    if (plain.test(character)) {
      encoded += character;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8')) {
      encoded += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  if (encoded.length <= maxTagValueLength) return encoded;
  return `=SHA256=${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}
