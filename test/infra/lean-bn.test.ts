/**
 * The bn.js of the Lambda bundles (infra/lean-bn.ts) does what bn.js does for the calls the AWS
 * Encryption SDK makes: its message lengths, and its curve arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import BN from '../../infra/lean-bn.ts';

const bigEndian = (value: bigint, length: number) => {
  const bytes = Buffer.alloc(length);
  bytes.writeBigUInt64BE(value, length - 8);
  return [...bytes];
};

describe('lean bn.js', () => {
  it('writes a length as the 8 big-endian bytes of the message format', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (length) => {
        expect(new BN(length).toArray('be', 8)).toEqual(bigEndian(BigInt(length), 8));
      }),
    );
  });

  it('reads a length back from its bytes, up to 2^53 - 1 and no further', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (length) => {
        const bytes = bigEndian(BigInt(length), 8);
        expect(new BN(bytes, 16, 'be').toNumber()).toBe(length);
      }),
    );
    expect(() => new BN(bigEndian(2n ** 53n, 8), 16, 'be').toNumber()).toThrow('53 bits');
  });

  it('refuses a number longer than the bytes asked for, and pads a shorter one', () => {
    expect(() => new BN(256).toArray('be', 1)).toThrow('longer than desired length');
    expect(new BN(0).toArray('be', 3)).toEqual([0, 0, 0]);
    expect(new BN(0x0102).toArray('le', 4)).toEqual([2, 1, 0, 0]);
    expect(new BN([1, 2], 10, 'le').toNumber()).toBe(0x0201);
  });

  it('does modular arithmetic in a reduction context as on plain numbers', () => {
    const p = new BN('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF', 16);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: p.value - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 64n }),
        (x, e) => {
          const expected = (() => {
            let result = 1n;
            for (let base = x, rest = e; rest > 0n; rest >>= 1n, base = (base * base) % p.value) {
              if (rest & 1n) result = (result * base) % p.value;
            }
            return result;
          })();
          expect(new BN(x).toRed(BN.mont(p)).redPow(new BN(e)).fromRed().value).toBe(expected);
        },
      ),
    );
    expect(p.mod(new BN(4)).eq(new BN(3))).toBe(true);
    expect(p.bitLength()).toBe(256);
    expect(p.add(new BN(1)).div(new BN(4)).mul(new BN(4)).sub(new BN(1)).eq(p)).toBe(true);
  });
});
