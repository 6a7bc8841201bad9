const TWO_POW_32 = 4294967296;
const NS_PER_S = 1e9;

function pad9(n: number): string {
  // n < 1e9, so n + 1e9 has exactly ten digits and the leading '1' is dropped.
  return String(n + NS_PER_S).slice(1);
}

// Char codes of the last timestamp's "SECONDS." prefix followed by room for nine digits. Spans of
// one request mostly share their second, and building the string from char codes in one go
// allocates a single flat string instead of several pieces.
const timestampCodes: number[] = [];
let prefixSeconds = -1;
let prefixLength = 0;

/**
 * "SECONDS.NNNNNNNNN" for an unsigned 64-bit nanosecond count given as uint32 halves, exact to
 * the nanosecond without BigInt: the float quotient is off by at most one second, and the
 * remainder is recovered exactly modulo 2^32 (it always lies well inside ±2^31).
 */
export function nanosToTimestamp(lo: number, hi: number): string {
  let seconds = Math.floor((hi * TWO_POW_32 + lo) / NS_PER_S);
  let rem = (lo - Math.imul(seconds, NS_PER_S)) | 0;
  while (rem < 0) {
    rem += NS_PER_S;
    seconds -= 1;
  }
  while (rem >= NS_PER_S) {
    rem -= NS_PER_S;
    seconds += 1;
  }
  if (seconds !== prefixSeconds) {
    const prefix = String(seconds) + '.';
    prefixLength = prefix.length;
    timestampCodes.length = prefixLength + 9;
    for (let i = 0; i < prefixLength; i++) timestampCodes[i] = prefix.charCodeAt(i);
    prefixSeconds = seconds;
  }
  for (let i = prefixLength + 8; i >= prefixLength; i--) {
    const next = (rem / 10) | 0;
    timestampCodes[i] = 48 + rem - next * 10;
    rem = next;
  }
  return String.fromCharCode.apply(null, timestampCodes);
}

/**
 * end − start in nanoseconds for uint64 halves. Exact whenever the true difference is below
 * 2^53 ns (about 104 days); callers reject anything larger or negative.
 */
export function nanosDiff(endLo: number, endHi: number, startLo: number, startHi: number): number {
  return (endHi - startHi) * TWO_POW_32 + (endLo - startLo);
}

/** "SECONDS.NNNNNNNNN" for a canonical unsigned decimal nanosecond count. */
export function decimalNanosToTimestamp(nanos: string): string {
  const cut = nanos.length - 9;
  if (cut <= 0) return '0.' + pad9(Number(nanos));
  return nanos.slice(0, cut) + '.' + nanos.slice(cut);
}

/** end − start in nanoseconds for canonical unsigned decimals; exact below 2^53 like nanosDiff. */
export function decimalNanosDiff(end: string, start: string): number {
  return (splitSeconds(end) - splitSeconds(start)) * NS_PER_S + (fraction(end) - fraction(start));
}

function splitSeconds(nanos: string): number {
  const cut = nanos.length - 9;
  return cut <= 0 ? 0 : Number(nanos.slice(0, cut));
}

function fraction(nanos: string): number {
  return Number(nanos.length <= 9 ? nanos : nanos.slice(nanos.length - 9));
}
