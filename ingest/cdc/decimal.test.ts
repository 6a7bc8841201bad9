import { describe, expect, it } from 'vitest';
import { decodePrecise, decodeTwosComplement, formatDecimal, parseDecimal, rescale, toDecimalColumn } from './decimal';

/** Java BigInteger.toByteArray(): minimal big-endian two's complement, as Kafka Connect sends. */
function javaBytes(n: bigint): Buffer {
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1)) || n >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const unsigned = n < 0n ? n + (1n << BigInt(bytes * 8)) : n;
  return Buffer.from(unsigned.toString(16).padStart(bytes * 2, '0'), 'hex');
}
const precise = (n: bigint) => javaBytes(n).toString('base64');

describe('decimal text', () => {
  it('parses and prints exactly, keeping the scale', () => {
    expect(parseDecimal('12.50')).toEqual({ unscaled: 1250n, scale: 2 });
    expect(formatDecimal(parseDecimal('12.50'))).toBe('12.50');
    expect(formatDecimal(parseDecimal('-0.01'))).toBe('-0.01');
    expect(formatDecimal(parseDecimal('0'))).toBe('0');
    expect(formatDecimal(parseDecimal('+7'))).toBe('7');
    expect(formatDecimal(parseDecimal('99999999999999999999999999999999.9999'))).toBe('99999999999999999999999999999999.9999');
  });

  it("reads BigDecimal's exponent forms", () => {
    expect(formatDecimal(parseDecimal('1E+3'))).toBe('1000');
    expect(formatDecimal(parseDecimal('1.5e-2'))).toBe('0.015');
    expect(formatDecimal(parseDecimal('-2.50E+1'))).toBe('-25.0');
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['', 'abc', 'NaN', 'Infinity', '1.2.3', '-', '.', '1,5', '0x10']) {
      expect(() => parseDecimal(bad), bad).toThrow(/not a decimal/);
    }
  });
});

describe('two’s complement (decimal.handling.mode=precise)', () => {
  it('decodes single bytes and sign extension', () => {
    expect(decodeTwosComplement(Uint8Array.of(0x00))).toBe(0n);
    expect(decodeTwosComplement(Uint8Array.of(0x7f))).toBe(127n);
    expect(decodeTwosComplement(Uint8Array.of(0x80))).toBe(-128n);
    expect(decodeTwosComplement(Uint8Array.of(0xff))).toBe(-1n);
    expect(decodeTwosComplement(Uint8Array.of(0x00, 0x80))).toBe(128n);
    expect(() => decodeTwosComplement(new Uint8Array())).toThrow(/empty/);
  });

  it('decodes positive and negative values at scale 0, 2 and 4', () => {
    // 12345 = 0x3039 → "MDk="; -12345 = 0xCFC7 → "z8c=" (what Kafka Connect writes).
    expect(formatDecimal(decodePrecise('MDk=', 2))).toBe('123.45');
    expect(formatDecimal(decodePrecise('z8c=', 2))).toBe('-123.45');
    expect(formatDecimal(decodePrecise('MDk=', 0))).toBe('12345');
    expect(formatDecimal(decodePrecise('MDk=', 4))).toBe('1.2345');
    expect(formatDecimal(decodePrecise('z8c=', 4))).toBe('-1.2345');
    expect(formatDecimal(decodePrecise('AA==', 2))).toBe('0.00');
    expect(formatDecimal(decodePrecise('/w==', 2))).toBe('-0.01');
  });

  it('decodes values beyond 2^64 without rounding', () => {
    expect(formatDecimal(decodePrecise('AQAAAAAAAAAA', 4))).toBe('1844674407370955.1616'); // 2^64
    expect(formatDecimal(decodePrecise('/wAAAAAAAAAA', 4))).toBe('-1844674407370955.1616'); // -2^64
    const huge = 12345678901234567890123456789012345678n;
    expect(formatDecimal(decodePrecise(precise(huge), 4))).toBe('1234567890123456789012345678901234.5678');
    expect(formatDecimal(decodePrecise(precise(-huge), 2))).toBe('-123456789012345678901234567890123456.78');
  });

  it('round-trips every sign and byte boundary', () => {
    for (const n of [1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, 32767n, -32768n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 100n + 7n]) {
      expect(decodePrecise(precise(n), 0).unscaled, String(n)).toBe(n);
    }
  });

  it('applies a negative scale and refuses bad input', () => {
    expect(formatDecimal(decodePrecise('MDk=', -2))).toBe('1234500');
    expect(() => decodePrecise('not base64!', 2)).toThrow(/base64/);
    expect(() => decodePrecise('MDk=', 1.5)).toThrow(/scale/);
  });
});

describe('fixed-scale columns', () => {
  it('pads to Decimal(38, 4) exactly', () => {
    expect(toDecimalColumn(parseDecimal('12.5'))).toBe('12.5000');
    expect(toDecimalColumn(parseDecimal('-0.0100'))).toBe('-0.0100');
    expect(toDecimalColumn(parseDecimal('1.23450'))).toBe('1.2345');
  });

  it('refuses to round or overflow', () => {
    expect(() => toDecimalColumn(parseDecimal('1.23456'))).toThrow(/more than 4 decimal places/);
    expect(() => toDecimalColumn(parseDecimal('1' + '0'.repeat(34)))).toThrow(/does not fit Decimal\(38, 4\)/);
    expect(rescale({ unscaled: 1500n, scale: 3 }, 1)).toEqual({ unscaled: 15n, scale: 1 });
  });
});
