import { findLedgerTable, type LedgerMapping, type LedgerTableMapping } from '../../server/ledger-mapping';
import type { ChangeEvent, RowImage, TransactionMarker } from './change-event';
import type { CdcEventRow, CdcRecord, CdcTransactionRow } from './cdc-rows';
import { changeEventId, primaryKeyOf, transactionEventId } from './event-identity';
import { ledgerRowFor } from './ledger-rows';
import { formatMicros } from './timestamps';

const image = (row: RowImage | null) => (row ? JSON.stringify(row) : '');

/** The `cdc_events` row; `table` (the event's ledger mapping, if any) names the key columns. */
export function changeEventRow(event: ChangeEvent, table: LedgerTableMapping | undefined): CdcEventRow {
  const primaryKey = primaryKeyOf(event, table?.primaryKey);
  return {
    EventId: changeEventId(event, primaryKey),
    SourceDb: event.db,
    SourceSchema: event.schema,
    SourceTable: event.table,
    Op: event.op,
    Lsn: event.lsn.toString(),
    TxId: event.txId.toString(),
    PrimaryKey: primaryKey,
    CommitTs: formatMicros(event.commitTsMicros),
    ...(event.captureTsMicros !== undefined ? { CaptureTs: formatMicros(event.captureTsMicros) } : {}),
    Before: image(event.before),
    After: image(event.after),
    SourceKind: event.sourceKind,
    Snapshot: event.snapshot,
    Sequence: event.sequence,
    TransactionId: event.transaction?.id ?? '',
    TotalOrder: (event.transaction?.totalOrder ?? 0n).toString(),
    DataCollectionOrder: (event.transaction?.dataCollectionOrder ?? 0n).toString(),
  };
}

/**
 * A change event with the ledger row it derives (when its table is mapped). Throws a
 * CdcEventError when the ledger row cannot be stored exactly, e.g. an amount beyond 4 decimals.
 */
export function changeRecord(event: ChangeEvent, mapping: LedgerMapping): CdcRecord {
  const table = findLedgerTable(mapping, event.db, event.schema, event.table);
  const row = changeEventRow(event, table);
  const ledger = table ? ledgerRowFor(event, table, row.EventId) : undefined;
  return { kind: 'change', row, ledger };
}

export function transactionRecord(marker: TransactionMarker): CdcRecord {
  const row: CdcTransactionRow = {
    EventId: transactionEventId(marker),
    SourceDb: marker.db,
    SourceKind: marker.sourceKind,
    TransactionId: marker.id,
    TxId: marker.txId.toString(),
    Lsn: marker.lsn.toString(),
    Status: marker.status,
    EventCount: marker.eventCount === null ? null : marker.eventCount.toString(),
    DataCollections: Object.fromEntries(marker.dataCollections.map((c) => [c.name, c.eventCount.toString()])),
    Ts: formatMicros(marker.tsMicros),
  };
  return { kind: 'transaction', row };
}
