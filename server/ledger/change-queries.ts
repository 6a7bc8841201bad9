import type { Store } from '../../clickhouse/client';
import type { LedgerMapping, LedgerTableMapping } from '../ledger-mapping';
import type { LedgerTableName } from '../ledger-tables';
import { num, queryRows } from '../queries/run';
import type { CanonicalRow, LedgerChange, TxnEnd } from './ledger-change';

/** The SQL that feeds the reconciliation rules: change events by ingest window, by deadline, by key, by transaction. */

const COLUMNS = `EventId, SourceDb, SourceSchema, SourceTable, Op, toString(Lsn) AS Lsn, toString(TxId) AS TxId,
  toUnixTimestamp64Milli(CommitTs) AS CommitMs, toUnixTimestamp64Milli(CaptureTs) AS CaptureMs,
  toUnixTimestamp64Milli(IngestedAt) AS IngestedMs, Before, After`;

export interface EventRow {
  EventId: string;
  SourceDb: string;
  SourceSchema: string;
  SourceTable: string;
  Op: string;
  Lsn: string;
  TxId: string;
  CommitMs: number | string;
  CaptureMs: number | string | null;
  IngestedMs: number | string;
  Before: string;
  After: string;
}

function canonical(json: string, table: LedgerTableMapping): CanonicalRow | null {
  if (json === '') return null;
  const image = JSON.parse(json) as Record<string, unknown>;
  const row: CanonicalRow = {};
  for (const [name, source] of Object.entries(table.columns)) {
    const v = image[source];
    row[name] = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return row;
}

/** A stored event under the mapping's canonical names; undefined for tables the mapping does not hold. */
export function toLedgerChange(r: EventRow, mapping: LedgerMapping): LedgerChange | undefined {
  if (r.SourceDb !== mapping.database) return undefined;
  const table = mapping.tables.find((t) => t.schema === r.SourceSchema && t.table === r.SourceTable);
  if (!table) return undefined;
  return {
    eventId: r.EventId,
    table: table.ledger,
    op: r.Op,
    lsn: BigInt(r.Lsn),
    txId: r.TxId,
    commitMs: num(r.CommitMs),
    captureMs: r.CaptureMs === null ? null : num(r.CaptureMs),
    ingestedMs: num(r.IngestedMs),
    before: canonical(r.Before, table),
    after: canonical(r.After, table),
  };
}

function tableOf(mapping: LedgerMapping, ledger: LedgerTableName): LedgerTableMapping {
  return mapping.tables.find((t) => t.ledger === ledger)!;
}

/** Events ingested in (sinceMs, untilMs]. */
export function eventsIngested(store: Store, sinceMs: number, untilMs: number): Promise<EventRow[]> {
  return queryRows<EventRow>(
    store,
    `SELECT ${COLUMNS} FROM cdc_events
     WHERE IngestedAt > fromUnixTimestamp64Milli({since:Int64}) AND IngestedAt <= fromUnixTimestamp64Milli({until:Int64})`,
    { since: sinceMs, until: untilMs },
  );
}

/** Source transactions whose END arrived in (sinceMs, untilMs]. */
export async function endsIngested(store: Store, sinceMs: number, untilMs: number): Promise<string[]> {
  const rows = await queryRows<{ TxId: string }>(
    store,
    `SELECT DISTINCT toString(TxId) AS TxId FROM cdc_transactions
     WHERE Status = 'END' AND IngestedAt > fromUnixTimestamp64Milli({since:Int64}) AND IngestedAt <= fromUnixTimestamp64Milli({until:Int64})`,
    { since: sinceMs, until: untilMs },
  );
  return rows.map((r) => r.TxId);
}

/** Events of the given ledger tables committed in (fromMs, toMs]: whose deadline just passed. */
export function eventsCommitted(store: Store, mapping: LedgerMapping, tables: LedgerTableName[], fromMs: number, toMs: number): Promise<EventRow[]> {
  const sources = tables.map((t) => tableOf(mapping, t)).map((t) => `${t.schema}.${t.table}`);
  return queryRows<EventRow>(
    store,
    `SELECT ${COLUMNS} FROM cdc_events
     WHERE SourceDb = {db:String} AND concat(SourceSchema, '.', SourceTable) IN {sources:Array(String)}
       AND CommitTs > fromUnixTimestamp64Milli({from:Int64}) AND CommitTs <= fromUnixTimestamp64Milli({to:Int64})`,
    { db: mapping.database, sources, from: fromMs, to: toMs },
  );
}

/** Every event of the rows with these ids in one ledger table (all ops, all versions). */
export function eventsOfRows(store: Store, mapping: LedgerMapping, ledger: LedgerTableName, ids: readonly string[]): Promise<EventRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const t = tableOf(mapping, ledger);
  const idColumn = t.columns.id!;
  const params = { db: mapping.database, schema: t.schema, table: t.table };
  // Ingest keys events by the primary key as canonical JSON ({"id":"42"}): the sort-free but
  // cheap column to match on. A composite key falls back to reading the id out of the row.
  if (t.primaryKey.length === 1 && t.primaryKey[0] === idColumn) {
    return queryRows<EventRow>(
      store,
      `SELECT ${COLUMNS} FROM cdc_events
       WHERE SourceDb = {db:String} AND SourceSchema = {schema:String} AND SourceTable = {table:String} AND PrimaryKey IN {keys:Array(String)}`,
      { ...params, keys: ids.map((id) => JSON.stringify({ [idColumn]: id })) },
    );
  }
  return queryRows<EventRow>(
    store,
    `SELECT ${COLUMNS} FROM cdc_events
     WHERE SourceDb = {db:String} AND SourceSchema = {schema:String} AND SourceTable = {table:String}
       AND trim(BOTH '"' FROM JSONExtractRaw(if(Op = 'd', Before, After), {idColumn:String})) IN {ids:Array(String)}`,
    { ...params, idColumn, ids: [...ids] },
  );
}

/** Ids of journal entries posted for these references ("type:id"). */
export async function journalEntryIds(store: Store, refs: readonly { refType: string; refId: string }[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await queryRows<{ Id: string }>(
    store,
    `SELECT DISTINCT Id FROM ledger_journal_entries
     WHERE RefId IN {refIds:Array(String)} AND concat(RefType, ':', RefId) IN {keys:Array(String)}`,
    { refIds: [...new Set(refs.map((r) => r.refId))], keys: refs.map((r) => `${r.refType}:${r.refId}`) },
  );
  return rows.map((r) => r.Id);
}

/** Payments of these orders. */
export async function paymentsOfOrders(store: Store, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ Id: string }>(store, `SELECT DISTINCT Id FROM ledger_payments WHERE OrderId IN {orderIds:Array(String)}`, {
    orderIds: [...orderIds],
  });
  return rows.map((r) => r.Id);
}

/** Source transaction ids are digit strings (UInt64 as text, exact). */
const txIdParam = (txIds: readonly string[]): string[] => [...new Set(txIds)].filter((t) => /^\d{1,20}$/.test(t));
const TX_IDS = 'SELECT arrayJoin(arrayMap(x -> toUInt64(x), {ids:Array(String)}))';

/** Every event of these source transactions, all tables. */
export function eventsOfTxns(store: Store, txIds: readonly string[]): Promise<EventRow[]> {
  const ids = txIdParam(txIds);
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<EventRow>(store, `SELECT ${COLUMNS} FROM cdc_events WHERE TxId IN (${TX_IDS})`, { ids });
}

/** END markers of these source transactions. */
export async function txnEnds(store: Store, txIds: readonly string[]): Promise<TxnEnd[]> {
  const ids = txIdParam(txIds);
  if (ids.length === 0) return [];
  const rows = await queryRows<{ TxId: string; EventCount: number | string | null; DataCollections: Record<string, number | string>; IngestedMs: number | string }>(
    store,
    `SELECT toString(TxId) AS TxId, any(EventCount) AS EventCount, any(DataCollections) AS DataCollections, toUnixTimestamp64Milli(min(IngestedAt)) AS IngestedMs
     FROM cdc_transactions WHERE Status = 'END' AND TxId IN (${TX_IDS}) GROUP BY TxId`,
    { ids },
  );
  return rows.map((r) => ({
    txId: r.TxId,
    eventCount: r.EventCount === null ? null : num(r.EventCount),
    dataCollections: Object.fromEntries(Object.entries(r.DataCollections).map(([k, v]) => [k, num(v)])),
    ingestedMs: num(r.IngestedMs),
  }));
}
