import { createHash } from 'node:crypto';
import type { ChangeEvent, RowImage, RowValue, TransactionMarker } from './change-event';

function keyText(value: RowValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The changed row's primary key as canonical JSON (sorted columns, values as strings, so that
 * Debezium's number 42 and pgoutput's text "42" are the same key). Without a known key column
 * the whole row is the key, so distinct snapshot rows sharing one LSN never collapse.
 */
export function primaryKeyOf(event: ChangeEvent, keyColumns?: readonly string[]): string {
  if (event.op === 't') return '';
  const image: RowImage | null = event.op === 'd' ? event.before : (event.after ?? event.before);
  if (!image) return '';
  const columns = keyColumns && keyColumns.length > 0 ? keyColumns : 'id' in image ? ['id'] : Object.keys(image);
  const key: Record<string, string | null> = {};
  for (const column of [...columns].sort()) key[column] = keyText(image[column]);
  return JSON.stringify(key);
}

/**
 * SPEC §3.2's event identity (source db, schema, table, lsn, txId, primary key, op) as a short
 * hash. Redelivery of the same change, from Debezium or from a WAL replay, yields the same id.
 */
export function changeEventId(event: ChangeEvent, primaryKey: string): string {
  const identity = [event.db, event.schema, event.table, event.lsn.toString(), event.txId.toString(), primaryKey, event.op];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

export function transactionEventId(marker: TransactionMarker): string {
  const identity = [marker.db, 'transaction', marker.id, marker.status];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}
