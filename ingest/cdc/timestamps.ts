import type { RowValue } from './change-event';

const TEXT_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

// DateTime64 covers 1900-01-01 .. 2299-12-31; anything outside is not a plausible ledger time.
const MIN_MICROS = -2208988800n * 1_000_000n;
const MAX_MICROS = 10413791999n * 1_000_000n;

function fromEpochNumber(value: bigint): bigint {
  // Debezium sends timestamps as epoch numbers whose unit depends on the column type and
  // time.precision.mode (s for some, ms for Timestamp, µs for MicroTimestamp, ns for
  // NanoTimestamp); for present-day values the magnitude tells them apart unambiguously.
  const magnitude = value < 0n ? -value : value;
  if (magnitude < 100_000_000_000n) return value * 1_000_000n;
  if (magnitude < 100_000_000_000_000n) return value * 1_000n;
  if (magnitude < 100_000_000_000_000_000n) return value;
  return value / 1_000n;
}

function fromText(text: string): bigint | null {
  const m = TEXT_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) return null;
  let micros = BigInt(ms) * 1000n + BigInt(fraction.slice(0, 6).padEnd(6, '0'));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    micros -= sign * offsetMinutes * 60_000_000n;
  }
  return micros;
}

/**
 * Microseconds since the epoch (UTC) from whatever a source sent for a timestamp column:
 * Debezium epoch numbers, ISO-8601 (ZonedTimestamp) or Postgres text ("2024-05-01 12:00:00.5+08").
 * Postgres `timestamp without time zone` values are taken as UTC. Unknown shapes give null.
 */
export function toEpochMicros(value: RowValue | undefined): bigint | null {
  let micros: bigint | null = null;
  if (typeof value === 'number' && Number.isInteger(value)) micros = fromEpochNumber(BigInt(value));
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) micros = fromEpochNumber(BigInt(value));
  else if (typeof value === 'string') micros = fromText(value);
  return micros !== null && inDateTime64Range(micros) ? micros : null;
}

export function inDateTime64Range(micros: bigint): boolean {
  return micros >= MIN_MICROS && micros <= MAX_MICROS;
}

/** "YYYY-MM-DD hh:mm:ss.ffffff" in UTC, the text a DateTime64(6, 'UTC') column reads exactly. */
export function formatMicros(micros: bigint): string {
  const floorMs = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const subMs = micros - floorMs * 1000n;
  const iso = new Date(Number(floorMs)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${subMs.toString().padStart(3, '0')}`;
}
