/**
 * What `bn.js` is in the Lambda bundles (infra/bundling.ts): the few operations of it that the AWS
 * Encryption SDK calls, on the language's own BigInt, in some 2 KB instead of 44. The SDK's
 * message format reads and writes 64-bit lengths with it (`new BN(n).toArray('be', 8)`,
 * `new BN(bytes, 16, 'be').toNumber()`), and its ECDSA helpers decompress curve points with it
 * (`add`, `sub`, `mul`, `div`, `mod`, `pow`, `eq`, `bitLength`, `BN.mont`, `toRed`, `redPow`,
 * `fromRed`), two of them when the module loads. Nothing else of bn.js is here: a call to another
 * of its methods fails as a missing function. Locally and in tests, bn.js is the package itself.
 */

type Endian = 'be' | 'le';

/** A reduction context (`BN.mont(m)`, `BN.red(m)`): arithmetic modulo `m`. */
interface Reduction {
  readonly m: bigint;
}

function fromBytes(bytes: ArrayLike<number>, endian: Endian): bigint {
  let value = 0n;
  const count = bytes.length;
  for (let index = 0; index < count; index += 1) {
    const byte = bytes[endian === 'be' ? index : count - 1 - index] ?? 0;
    value = (value << 8n) | BigInt(byte & 0xff);
  }
  return value;
}

function fromString(text: string, base: number): bigint {
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).replace(/\s+/g, '').toLowerCase();
  if (base !== 16 && base !== 10) throw new RangeError(`bn.js base ${base} is not supported here`);
  if (digits === '' || !(base === 16 ? /^[0-9a-f]+$/ : /^[0-9]+$/).test(digits)) {
    throw new SyntaxError(`Invalid base-${base} number: ${text}`);
  }
  const magnitude = BigInt(base === 16 ? `0x${digits}` : digits);
  return negative ? -magnitude : magnitude;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let factor = ((base % modulus) + modulus) % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
  }
  return result;
}

export default class BN {
  /** The number itself. */
  readonly value: bigint;
  /** The reduction context of a number in "red" form (`toRed`), as bn.js keeps it. */
  readonly red: Reduction | null;

  constructor(
    number: number | string | bigint | ArrayLike<number> | BN,
    base: number | 'hex' | Endian = 10,
    endian: Endian = 'be',
  ) {
    this.red = null;
    if (number instanceof BN) this.value = number.value;
    else if (typeof number === 'bigint') this.value = number;
    else if (typeof number === 'number') {
      if (!Number.isSafeInteger(number)) throw new RangeError(`Not a safe integer: ${number}`);
      this.value = BigInt(number);
    } else if (typeof number === 'string') {
      this.value = fromString(number, base === 'hex' ? 16 : typeof base === 'number' ? base : 10);
    } else {
      this.value = fromBytes(number, base === 'le' || endian === 'le' ? 'le' : 'be');
    }
  }

  /** A reduction context for arithmetic modulo `m` (bn.js's Montgomery form, the same results). */
  static mont(m: BN): Reduction {
    return { m: m.value };
  }

  static red(m: BN): Reduction {
    return { m: m.value };
  }

  static isBN(value: unknown): value is BN {
    return value instanceof BN;
  }

  add(other: BN): BN {
    return new BN(this.value + other.value);
  }

  sub(other: BN): BN {
    return new BN(this.value - other.value);
  }

  mul(other: BN): BN {
    return new BN(this.value * other.value);
  }

  div(other: BN): BN {
    return new BN(this.value / other.value);
  }

  mod(other: BN): BN {
    return new BN(this.value % other.value);
  }

  umod(other: BN): BN {
    const modulus = other.value < 0n ? -other.value : other.value;
    return new BN(((this.value % modulus) + modulus) % modulus);
  }

  pow(exponent: BN): BN {
    return new BN(this.value ** exponent.value);
  }

  eq(other: BN): boolean {
    return this.value === other.value;
  }

  cmp(other: BN): -1 | 0 | 1 {
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
  }

  isZero(): boolean {
    return this.value === 0n;
  }

  isNeg(): boolean {
    return this.value < 0n;
  }

  bitLength(): number {
    const magnitude = this.value < 0n ? -this.value : this.value;
    return magnitude === 0n ? 0 : magnitude.toString(2).length;
  }

  byteLength(): number {
    return Math.ceil(this.bitLength() / 8);
  }

  /** The number, when it fits in 53 bits (bn.js refuses otherwise, and so does this). */
  toNumber(): number {
    if (
      this.value > BigInt(Number.MAX_SAFE_INTEGER) ||
      this.value < -BigInt(Number.MAX_SAFE_INTEGER)
    ) {
      throw new RangeError('Number can only safely store up to 53 bits');
    }
    return Number(this.value);
  }

  toString(base: number | 'hex' = 10, padding = 0): string {
    const radix = base === 'hex' ? 16 : base;
    const magnitude = (this.value < 0n ? -this.value : this.value).toString(radix);
    return `${this.value < 0n ? '-' : ''}${magnitude.padStart(padding, '0')}`;
  }

  /** The magnitude's bytes, zero-padded to `length`; a number longer than `length` is refused. */
  toArray(endian: Endian = 'be', length?: number): number[] {
    let magnitude = this.value < 0n ? -this.value : this.value;
    const bytes: number[] = [];
    while (magnitude > 0n) {
      bytes.push(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    if (bytes.length === 0) bytes.push(0);
    const size = length ?? bytes.length;
    if (bytes.length > size) throw new RangeError('byte array longer than desired length');
    while (bytes.length < size) bytes.push(0);
    return endian === 'le' ? bytes : bytes.reverse();
  }

  toRed(reduction: Reduction): RedBN {
    return new RedBN(((this.value % reduction.m) + reduction.m) % reduction.m, reduction);
  }
}

/** A number in a reduction context: `redPow` works modulo the context's `m`; `fromRed` leaves it. */
class RedBN extends BN {
  override readonly red: Reduction;

  constructor(value: bigint, reduction: Reduction) {
    super(value);
    this.red = reduction;
  }

  redPow(exponent: BN): RedBN {
    return new RedBN(modPow(this.value, exponent.value, this.red.m), this.red);
  }

  fromRed(): BN {
    return new BN(this.value);
  }
}
