/**
 * The internal form of a change, whether it came from Debezium over HTTP or from Sightline's own
 * WAL reader: one shape, one identity, one writer.
 */
export type SourceKind = 'debezium' | 'wal';

export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't';

/** A JSON value as stored in `Before`/`After`: exact decimals and 64-bit integers are strings. */
export type RowValue = null | boolean | number | string | RowValue[] | { [key: string]: RowValue };

export type RowImage = Record<string, RowValue>;

export interface ChangeEvent {
  sourceKind: SourceKind;
  db: string;
  schema: string;
  table: string;
  op: ChangeOp;
  lsn: bigint;
  txId: bigint;
  /** Commit time of the source transaction (snapshot read time for op "r"), µs since the epoch. */
  commitTsMicros: bigint;
  /**
   * When the connector captured the change (Debezium's envelope ts_ms), µs since the epoch;
   * absent for the WAL reader, which captures live.
   */
  captureTsMicros?: bigint;
  before: RowImage | null;
  after: RowImage | null;
  /** Debezium's `source.snapshot`: "true", "last", "false", ... */
  snapshot: string;
  /** Debezium's `source.sequence`, a JSON array as a string; '' when absent. */
  sequence: string;
  transaction: { id: string; totalOrder: bigint; dataCollectionOrder: bigint } | null;
}

export type TransactionStatus = 'BEGIN' | 'END';

/** Debezium transaction metadata (and the same, derived from BEGIN/COMMIT, for the WAL source). */
export interface TransactionMarker {
  sourceKind: SourceKind;
  /** '' for Debezium, whose transaction events do not name the database. */
  db: string;
  status: TransactionStatus;
  /** "<xid>:<lsn>". */
  id: string;
  txId: bigint;
  lsn: bigint;
  tsMicros: bigint;
  /** END only. */
  eventCount: bigint | null;
  /** END only: events per "schema.table". */
  dataCollections: { name: string; eventCount: bigint }[];
}
