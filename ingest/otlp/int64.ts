const TWO_POW_32 = 4294967296;
// Below 2^21 in the high half the value is under 2^53, so plain double arithmetic is exact.
const SAFE_HIGH_LIMIT = 0x200000;

/** Decimal text of the signed 64-bit integer whose two's-complement halves are `lo`, `hi` (uint32 each). */
export function int64ToDecimal(lo: number, hi: number): string {
  if (hi < SAFE_HIGH_LIMIT) return String(hi * TWO_POW_32 + lo);
  if (hi >= 0x80000000) {
    // Negative: the magnitude is the two's complement of the 64-bit pattern.
    const negLo = (~lo + 1) >>> 0;
    const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
    if (negHi < SAFE_HIGH_LIMIT) return '-' + String(negHi * TWO_POW_32 + negLo);
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const UINT64_MAX_DECIMAL = UINT64_MAX.toString();
const SIGNED_DECIMAL = /^-?\d+$/;
const UNSIGNED_DECIMAL = /^\d+$/;
// Up to 15 digits without a leading zero is already canonical and far inside the int64 range.
const SHORT_CANONICAL = /^-?(?:0|[1-9]\d{0,14})$/;

/**
 * Canonical decimal of an int64 given as JSON (a decimal string or an integral number),
 * or `undefined` when it is not one or is out of range.
 */
export function canonicalInt64(value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    if (Number.isSafeInteger(value)) return String(value);
    const big = BigInt(value);
    return big >= INT64_MIN && big <= INT64_MAX ? big.toString() : undefined;
  }
  if (SHORT_CANONICAL.test(value)) return value === '-0' ? '0' : value;
  if (!SIGNED_DECIMAL.test(value)) return undefined;
  const big = BigInt(value);
  return big >= INT64_MIN && big <= INT64_MAX ? big.toString() : undefined;
}

/** Canonical decimal of a uint64 given as JSON, or `undefined` when it is not one or is out of range. */
export function canonicalUint64(value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return undefined;
    if (Number.isSafeInteger(value)) return String(value);
    const big = BigInt(value);
    return big <= UINT64_MAX ? big.toString() : undefined;
  }
  if (!UNSIGNED_DECIMAL.test(value)) return undefined;
  if (value.length === 1 || value.charCodeAt(0) !== 48) {
    // Nanosecond timestamps have 19 digits; anything below 20 digits fits in a uint64.
    if (value.length < 20) return value;
    if (value.length === 20) return value <= UINT64_MAX_DECIMAL ? value : undefined;
  }
  const big = BigInt(value);
  return big <= UINT64_MAX ? big.toString() : undefined;
}
