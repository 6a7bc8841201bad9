import { describe, expect, it } from 'vitest';
import { doubleToJson, doubleToString, kvlistToJson, serviceNameOf, setAttribute } from './attributes';
import { hexOf } from './hex';
import { canonicalInt64, canonicalUint64, int64ToDecimal } from './int64';
import { decimalNanosDiff, decimalNanosToTimestamp, nanosDiff, nanosToTimestamp } from './nanos';
import { mulberry32 } from './test-wire';

const random = mulberry32(42);
const randomU64 = (): bigint => (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
const halves = (v: bigint): [number, number] => [Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)];
const refTimestamp = (ns: bigint) => `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;

describe('nanosecond timestamps', () => {
  const samples: bigint[] = [0n, 1n, 999_999_999n, 1_000_000_000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
  for (const s of [2n ** 31n, 2n ** 32n, 1_795_300_000n, 4_102_444_800n]) samples.push(s * 1_000_000_000n - 1n, s * 1_000_000_000n, s * 1_000_000_000n + 999_999_999n);
  for (let i = 0; i < 20_000; i++) samples.push(randomU64(), 1_700_000_000_000_000_000n + BigInt(Math.floor(random() * 1e15)));

  it('formats uint64 halves exactly as SECONDS.NNNNNNNNN (checked against BigInt)', () => {
    for (const ns of samples) expect(nanosToTimestamp(...halves(ns)), ns.toString()).toBe(refTimestamp(ns));
  });

  it('formats canonical decimal strings the same way', () => {
    for (const ns of samples.slice(0, 2000)) expect(decimalNanosToTimestamp(ns.toString())).toBe(refTimestamp(ns));
  });

  it('computes durations exactly below 2^53 ns and keeps their sign', () => {
    for (let i = 0; i < 20_000; i++) {
      const start = 1_795_000_000_000_000_000n + BigInt(Math.floor(random() * 1e17));
      const d = BigInt(Math.floor(random() * 2 ** 53)) - (i % 5 === 0 ? 2n ** 52n : 0n);
      const end = start + d;
      const [sl, sh] = halves(start);
      const [el, eh] = halves(end);
      expect(nanosDiff(el, eh, sl, sh)).toBe(Number(d));
      expect(decimalNanosDiff(end.toString(), start.toString())).toBe(Number(d));
    }
  });
});

describe('int64 text', () => {
  it('turns two halves into the exact signed decimal (checked against BigInt)', () => {
    const values = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n, -(2n ** 32n), 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
    for (let i = 0; i < 20_000; i++) values.push(BigInt.asIntN(64, randomU64()), BigInt(Math.floor((random() - 0.5) * 2 ** 54)));
    for (const v of values) expect(int64ToDecimal(...halves(BigInt.asUintN(64, v)))).toBe(v.toString());
  });

  it('canonicalises JSON int64 and rejects what is not one', () => {
    expect(canonicalInt64('42')).toBe('42');
    expect(canonicalInt64('-0042')).toBe('-42');
    expect(canonicalInt64(-7)).toBe('-7');
    expect(canonicalInt64(2 ** 60)).toBe('1152921504606846976');
    expect(canonicalInt64('9223372036854775807')).toBe('9223372036854775807');
    expect(canonicalInt64('9223372036854775808')).toBeUndefined();
    expect(canonicalInt64('-9223372036854775809')).toBeUndefined();
    expect(canonicalInt64(1.5)).toBeUndefined();
    expect(canonicalInt64('1e3')).toBeUndefined();
    expect(canonicalInt64(' 1')).toBeUndefined();
    expect(canonicalInt64('')).toBeUndefined();

    expect(canonicalUint64('1795300000123456789')).toBe('1795300000123456789');
    expect(canonicalUint64('18446744073709551615')).toBe('18446744073709551615');
    expect(canonicalUint64('18446744073709551616')).toBeUndefined();
    expect(canonicalUint64('000000000000000000001')).toBe('1');
    expect(canonicalUint64('0')).toBe('0');
    expect(canonicalUint64(-1)).toBeUndefined();
    expect(canonicalUint64('-1')).toBeUndefined();
  });
});

describe('value flattening helpers', () => {
  it('formats doubles like Go encoding/json (ES6 shortest), with Go names for non-finite values', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [-2.5, '-2.5'],
      [0.000001, '0.000001'],
      [1e-7, '1e-7'],
      [1.2345e-10, '1.2345e-10'],
      [1e20, '100000000000000000000'],
      [1e21, '1e+21'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [5e-324, '5e-324'],
      [NaN, 'NaN'],
      [Infinity, '+Inf'],
      [-Infinity, '-Inf'],
    ];
    for (const [v, s] of cases) expect(doubleToString(v)).toBe(s);
    expect(doubleToJson(NaN)).toBe('null');
    expect(doubleToJson(-0)).toBe('-0');
  });

  it('builds kvlist JSON with sorted keys, last duplicate winning, escaped keys', () => {
    expect(kvlistToJson(['b', 'a', 'b', 'q"'], ['1', '"x"', '2', 'null'])).toBe('{"a":"x","b":2,"q\\"":null}');
    expect(kvlistToJson([], [])).toBe('{}');
  });

  it('hexes any length of bytes', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff);
    for (const [start, length] of [[0, 16], [3, 8], [5, 0], [1, 1], [2, 31]] as const) {
      expect(hexOf(bytes, start, length)).toBe(Buffer.from(bytes.subarray(start, start + length)).toString('hex'));
    }
  });

  it('reads service.name only as an own attribute', () => {
    const attrs: Record<string, string> = {};
    expect(serviceNameOf(attrs)).toBe('unknown_service');
    setAttribute(attrs, 'service.name', 'checkout');
    expect(serviceNameOf(attrs)).toBe('checkout');
  });
});
