import type { SourceTxn } from './source-txn';

/**
 * Source transactions as Debezium 2.x's PostgreSQL connector emits them through Debezium
 * Server's HTTP sink with provide.transaction.metadata=true, decimal.handling.mode=string and
 * schemas disabled: BEGIN, the change events, END.
 */

const SOURCE_DB = 'pay';
const SOURCE_SCHEMA = 'public';
const CONNECTOR = { version: '2.7.3.Final', connector: 'postgresql', name: SOURCE_DB } as const;

/** LSNs exceed 2^53; they are BigInt here and plain JSON numbers on the wire, as Debezium sends them. */
export type DebeziumItem = Record<string, unknown>;

function transactionId(txn: SourceTxn): string {
  return `${txn.txId}:${txn.lsn}`;
}

/** Change events the transport actually sends (incomplete_txn withholds one). */
export function sentChanges(txn: SourceTxn): number {
  return txn.changes.length - (txn.dropped === undefined ? 0 : 1);
}

export function debeziumEvents(txn: SourceTxn): DebeziumItem[] {
  const id = transactionId(txn);
  const commitMs = Math.floor(txn.commitUs / 1000);
  const sendMs = Math.floor(txn.sendUs / 1000);
  const beginLsn = String(txn.lsn);
  const perTable = new Map<string, number>();
  const items: DebeziumItem[] = [{ status: 'BEGIN', id, ts_ms: commitMs, event_count: null, data_collections: null }];
  txn.changes.forEach((change, k) => {
    const collection = `${SOURCE_SCHEMA}.${change.table}`;
    const order = (perTable.get(collection) ?? 0) + 1;
    perTable.set(collection, order);
    if (k === txn.dropped) return;
    const lsn = txn.lsn + BigInt(k + 1);
    items.push({
      before: change.before,
      after: change.after,
      source: {
        ...CONNECTOR,
        ts_ms: commitMs,
        ts_us: txn.commitUs,
        snapshot: 'false',
        db: SOURCE_DB,
        sequence: `["${beginLsn}","${lsn}"]`,
        schema: SOURCE_SCHEMA,
        table: change.table,
        txId: txn.txId,
        lsn,
        xmin: null,
      },
      transaction: { id, total_order: k + 1, data_collection_order: order },
      op: change.op,
      ts_ms: sendMs,
      ts_us: txn.sendUs,
    });
  });
  items.push({
    status: 'END',
    id,
    ts_ms: commitMs,
    event_count: txn.changes.length,
    data_collections: [...perTable].map(([data_collection, event_count]) => ({ data_collection, event_count })),
  });
  return items;
}

/** LSNs travel as digit strings through JSON.stringify and are unquoted after (no row has an lsn column). */
const QUOTED_LSN = /"lsn":"(\d+)"/g;

/** A JSON array of the transactions' events (one HTTP sink batch), LSNs exact. */
export function debeziumBody(txns: readonly SourceTxn[]): string {
  const items = txns.flatMap(debeziumEvents);
  const text = JSON.stringify(items, (key, value: unknown) => (key === 'lsn' && typeof value === 'bigint' ? String(value) : value));
  return text.replace(QUOTED_LSN, '"lsn":$1');
}
