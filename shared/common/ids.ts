import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later, so a Query on ids lists things in the order they were created.
 */
export function newId(at: Date = new Date(), random: Uint8Array = randomBytes(10)): string {
  if (random.length < 10) throw new RangeError('newId needs 10 random bytes');
  const hex = at.getTime().toString(16).padStart(12, '0').slice(-12);
  const bytes = Buffer.from(random.subarray(0, 10));
  const tail = bytes.toString('hex');
  const variant = ((Number.parseInt(tail.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail.slice(0, 3)}-${variant}${tail.slice(4, 7)}-${tail.slice(8, 20)}`;
}
