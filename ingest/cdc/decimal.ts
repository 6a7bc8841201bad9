/**
 * Exact decimals for money: a BigInt unscaled value and a scale (value = unscaled × 10^-scale).
 * Nothing on the money path ever goes through a JavaScript number, so no amount is rounded.
 */
export interface Decimal {
  unscaled: bigint;
  scale: number;
}

export class DecimalError extends Error {}

// Plain decimals and the exponent forms Java's BigDecimal.toString() can produce ("1E+3").
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Padded base64, as Kafka Connect writes bytes. */
export function isBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_TEXT.exec(text.trim());
  const [, sign = '', whole = '', fraction = '', exponent] = match ?? [];
  if (!match || whole.length + fraction.length === 0) {
    throw new DecimalError(`"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not a decimal number`);
  }
  let unscaled = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') unscaled = -unscaled;
  let scale = fraction.length - Number(exponent ?? 0);
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { unscaled, scale };
}

/** The plain text form with exactly `scale` fraction digits, e.g. { -1205n, 2 } → "-12.05". */
export function formatDecimal({ unscaled, scale }: Decimal): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Big-endian two's complement, as Kafka Connect encodes a Decimal's unscaled value. */
export function decodeTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DecimalError('empty unscaled value');
  const magnitude = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  const negative = (bytes[0]! & 0x80) !== 0;
  return negative ? magnitude - (1n << BigInt(bytes.length * 8)) : magnitude;
}

/**
 * Debezium `decimal.handling.mode=precise`: base64 of the unscaled value; the scale comes from
 * the field's schema (fixed-scale Decimal) or travels with the value (VariableScaleDecimal).
 */
export function decodePrecise(base64: string, scale: number): Decimal {
  if (!isBase64(base64)) throw new DecimalError(`"${base64.slice(0, 40)}" is not base64`);
  if (!Number.isInteger(scale) || Math.abs(scale) > 1000) throw new DecimalError(`invalid decimal scale ${scale}`);
  const unscaled = decodeTwosComplement(Buffer.from(base64, 'base64'));
  return scale >= 0 ? { unscaled, scale } : { unscaled: unscaled * 10n ** BigInt(-scale), scale: 0 };
}

/** Changes the scale without losing anything; refuses when that would drop non-zero digits. */
export function rescale(value: Decimal, scale: number): Decimal {
  if (scale >= value.scale) return { unscaled: value.unscaled * 10n ** BigInt(scale - value.scale), scale };
  const divisor = 10n ** BigInt(value.scale - scale);
  if (value.unscaled % divisor !== 0n) {
    throw new DecimalError(`${formatDecimal(value)} has more than ${scale} decimal places and would be rounded`);
  }
  return { unscaled: value.unscaled / divisor, scale };
}

/**
 * Text for a ClickHouse `Decimal(precision, scale)` column. ClickHouse silently truncates extra
 * fraction digits on insert, so anything that does not fit exactly is refused here instead.
 */
export function toDecimalColumn(value: Decimal, precision = 38, scale = 4): string {
  const fixed = rescale(value, scale);
  const digits = (fixed.unscaled < 0n ? -fixed.unscaled : fixed.unscaled).toString().length;
  if (digits > precision) {
    throw new DecimalError(`${formatDecimal(value)} does not fit Decimal(${precision}, ${scale})`);
  }
  return formatDecimal(fixed);
}
