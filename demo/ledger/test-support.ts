import type { Store } from '../../clickhouse/client';
import { startLedgerDemo, type LedgerDemoOptions, type LedgerDemoStats } from './run-ledger';
import type { Row, SourceTxn } from './source-txn';

/** Helpers for the ledger demo's integration tests. */

export async function queryRows<T>(store: Store, query: string): Promise<T[]> {
  const rs = await store.client.query({ query, format: 'JSONEachRow' });
  return rs.json<T>();
}

export async function queryCount(store: Store, query: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(store, query);
  return Number(row?.n);
}

/** Runs the demo until its backfill is done, then stops it. */
export async function runUntilCaughtUp(opts: LedgerDemoOptions, timeoutMs = 60_000): Promise<LedgerDemoStats> {
  const demo = await startLedgerDemo(opts);
  const deadline = Date.now() + timeoutMs;
  while (!demo.stats().backfillDone && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await demo.stop();
  return demo.stats();
}

/** ClickHouse prints Decimal(38, 4) without trailing zeros; Postgres numeric(18, 4) with four. */
function plainDecimal(amount: Row[string]): string {
  const text = String(amount);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export interface LatestRow {
  Id: string;
  State: string;
  Amount: string;
  Currency: string;
  Deleted: number;
}

/** The ledger tables Sightline derives, with the column that holds each table's state. */
export const LEDGER_STATE = [
  ['orders', 'ledger_orders', 'Status', 'status'],
  ['payments', 'ledger_payments', 'Status', 'status'],
  ['refunds', 'ledger_refunds', 'Status', 'status'],
  ['settlements', 'ledger_settlements', 'TccState', 'tcc_state'],
  ['journal_entries', 'ledger_journal_entries', 'Account', 'account'],
] as const;

/** What Sightline's ledger table should hold: the newest image of each row the stream delivered, by LSN. */
export function expectedLatest(txns: readonly SourceTxn[], table: string, stateColumn: string): LatestRow[] {
  const changes = txns.flatMap((t) => t.changes.flatMap((c, k) => (c.table === table && t.dropped !== k ? [{ c, lsn: t.lsn + BigInt(k + 1) }] : [])));
  changes.sort((a, b) => (a.lsn < b.lsn ? -1 : 1));
  const latest = new Map<string, LatestRow>();
  for (const { c } of changes) {
    const row = (c.after ?? c.before)!;
    latest.set(String(row.id), {
      Id: String(row.id),
      State: String(row[stateColumn]),
      Amount: plainDecimal(row.amount ?? null),
      Currency: String(row.currency),
      Deleted: c.op === 'd' ? 1 : 0,
    });
  }
  return [...latest.values()].sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
}

export function storedLatest(store: Store, ledgerTable: string, stateColumn: string): Promise<LatestRow[]> {
  return queryRows<LatestRow>(store, `SELECT Id, ${stateColumn} AS State, toString(Amount) AS Amount, Currency, Deleted FROM ${ledgerTable} FINAL ORDER BY Id`);
}
