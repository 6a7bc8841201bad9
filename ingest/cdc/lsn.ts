/**
 * Postgres LSNs are unsigned 64-bit WAL positions. Debezium sends them as int64 numbers, the
 * replication protocol as "XXXXXXXX/XXXXXXXX"; both become BigInt so comparisons never round.
 */
export const MAX_UINT64 = (1n << 64n) - 1n;

const TEXT_LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseTextLsn(text: string): bigint {
  const match = TEXT_LSN.exec(text);
  if (!match) throw new Error(`"${text}" is not an LSN (expected XXXXXXXX/XXXXXXXX)`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatTextLsn(lsn: bigint): string {
  const high = (lsn >> 32n).toString(16).toUpperCase();
  const low = (lsn & 0xffffffffn).toString(16).toUpperCase();
  return `${high}/${low}`;
}

export function maxLsn(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
