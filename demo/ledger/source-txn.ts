import type { LedgerTableName } from '../../server/ledger-tables';
import type { LedgerBreak } from './breaks';

/**
 * A source transaction of the simulated payment database: the unit both transports deliver
 * (one Debezium BEGIN…END group, or one Postgres transaction).
 */

/** Debezium-format CDC over POST /v1/cdc, or real SQL into SIGHTLINE_PG_URL for the WAL reader. */
export type Transport = 'debezium' | 'postgres';

/** Column values as both transports carry them: ids as numbers, money and times as text. */
export type RowValue = string | number | null;
export type Row = Record<string, RowValue>;

export interface RowChange {
  table: LedgerTableName;
  op: 'c' | 'u' | 'd';
  /** Full old row (the demo's tables use REPLICA IDENTITY FULL, so auditors see what changed). */
  before: Row | null;
  after: Row | null;
}

export interface SourceTxn {
  /** The flow's order id; with `seq`, names the transaction. */
  flowKey: number;
  /** Position of the transaction in its flow, in commit order. */
  seq: number;
  /** Fake xid, unique per transaction. */
  txId: number;
  /** Fake LSN of BEGIN; change k (0-based) is at lsn + k + 1. Grows with commit time. */
  lsn: bigint;
  /** Simulated commit time, µs since the epoch. */
  commitUs: number;
  /** When the change stream delivers it (Debezium's envelope ts): shortly after commit, or late. */
  sendUs: number;
  changes: RowChange[];
  /** Index of a change the Debezium transport withholds while END still counts it (incomplete_txn). */
  dropped?: number;
  breaks: LedgerBreak[];
}

/** Send order: by delivery time, ties by LSN. */
export function compareTxns(a: SourceTxn, b: SourceTxn): number {
  if (a.sendUs !== b.sendUs) return a.sendUs - b.sendUs;
  return a.lsn < b.lsn ? -1 : a.lsn > b.lsn ? 1 : 0;
}

/** ISO-8601 UTC with microseconds, as Debezium sends a timestamptz (ZonedTimestamp). */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}
