import type { LedgerTableName } from '../../server/ledger-tables';

/**
 * Row shapes for JSONEachRow inserts. 64-bit values travel as decimal strings (ClickHouse reads
 * quoted integers exactly; JSON numbers would be rounded above 2^53), money as exact decimals.
 */
export interface CdcEventRow {
  EventId: string;
  SourceDb: string;
  SourceSchema: string;
  SourceTable: string;
  Op: string;
  Lsn: string;
  TxId: string;
  PrimaryKey: string;
  /** "YYYY-MM-DD hh:mm:ss.ffffff" UTC. */
  CommitTs: string;
  /** Capture time, same format; absent when the source does not say (the WAL reader). */
  CaptureTs?: string;
  /** JSON of the row image, '' when the event has none. */
  Before: string;
  After: string;
  SourceKind: string;
  Snapshot: string;
  Sequence: string;
  TransactionId: string;
  TotalOrder: string;
  DataCollectionOrder: string;
}

export interface CdcTransactionRow {
  EventId: string;
  SourceDb: string;
  SourceKind: string;
  TransactionId: string;
  TxId: string;
  Lsn: string;
  Status: string;
  EventCount: string | null;
  DataCollections: Record<string, string>;
  Ts: string;
}

/** The latest-state row of a ledger table that one change event produces. */
export interface LedgerRow {
  table: LedgerTableName;
  values: Record<string, string | number | null>;
}

/** What the CDC writer stores: a change event (with its ledger row) or transaction metadata. */
export type CdcRecord = { kind: 'change'; row: CdcEventRow; ledger?: LedgerRow } | { kind: 'transaction'; row: CdcTransactionRow };
