import type { ClickHouseClient } from '@clickhouse/client';
import type { CdcEventRow, CdcTransactionRow } from './cdc-rows';

// Ids travel as query parameters (URL parameters in server mode); chunks keep URLs well below
// ClickHouse's default http_max_uri_size of 1 MiB.
const IDS_PER_QUERY = 5000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function ids(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<string[]> {
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json<{ EventId: string }>()).map((r) => r.EventId);
}

/**
 * Which of these change events are already in `cdc_events`. Each lookup is confined to one
 * source table and the LSN range of the batch, the leading columns of the table's sort key,
 * so it reads a few granules however large the table grows.
 */
export async function storedChangeEventIds(client: ClickHouseClient, rows: CdcEventRow[]): Promise<Set<string>> {
  const groups = new Map<string, { db: string; schema: string; table: string; lo: bigint; hi: bigint; ids: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.SourceDb, row.SourceSchema, row.SourceTable]);
    const lsn = BigInt(row.Lsn);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { db: row.SourceDb, schema: row.SourceSchema, table: row.SourceTable, lo: lsn, hi: lsn, ids: [row.EventId] });
      continue;
    }
    if (lsn < group.lo) group.lo = lsn;
    if (lsn > group.hi) group.hi = lsn;
    group.ids.push(row.EventId);
  }
  const lookups = [...groups.values()].flatMap((g) =>
    chunks(g.ids, IDS_PER_QUERY).map((chunk) =>
      ids(
        client,
        `SELECT EventId FROM cdc_events
         WHERE SourceDb = {db:String} AND SourceSchema = {schema:String} AND SourceTable = {table:String}
           AND Lsn BETWEEN {lo:UInt64} AND {hi:UInt64} AND EventId IN {ids:Array(String)}`,
        { db: g.db, schema: g.schema, table: g.table, lo: g.lo, hi: g.hi, ids: chunk },
      ),
    ),
  );
  return new Set((await Promise.all(lookups)).flat());
}

/** Which of these transaction metadata events are already in `cdc_transactions`. */
export async function storedTransactionIds(client: ClickHouseClient, rows: CdcTransactionRow[]): Promise<Set<string>> {
  const byDb = new Map<string, CdcTransactionRow[]>();
  for (const row of rows) {
    const list = byDb.get(row.SourceDb);
    if (list) list.push(row);
    else byDb.set(row.SourceDb, [row]);
  }
  const lookups = [...byDb.entries()].flatMap(([db, dbRows]) =>
    chunks(dbRows, IDS_PER_QUERY).map((chunk) =>
      ids(
        client,
        `SELECT EventId FROM cdc_transactions
         WHERE SourceDb = {db:String} AND TxId IN {txIds:Array(UInt64)} AND EventId IN {ids:Array(String)}`,
        { db, txIds: [...new Set(chunk.map((r) => r.TxId))].map(BigInt), ids: chunk.map((r) => r.EventId) },
      ),
    ),
  );
  return new Set((await Promise.all(lookups)).flat());
}
