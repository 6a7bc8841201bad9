import type { ClickHouseClient } from '@clickhouse/client';
import { metrics } from '../../server/metrics';
import { ledgerClickHouseTable, type LedgerTableName } from '../../server/ledger-tables';
import type { CdcEventRow, CdcRecord, CdcTransactionRow, LedgerRow } from './cdc-rows';
import { storedChangeEventIds, storedTransactionIds } from './stored-identities';

/**
 * Stores a batch of change events exactly once. Redelivered events (Debezium restarting from an
 * older offset, a client retry, a WAL replay after a crash) are recognised by their identity and
 * dropped before anything is written, so neither `cdc_events` nor the ledger tables see them
 * twice. The tables are ReplacingMergeTree on the same identity as a second line of defence for
 * the one race this cannot see: two ingest processes storing the same event at the same moment.
 *
 * Runs inside the CDC TableBatcher, which keeps one write in flight per process, so the check
 * and the insert that follows it are never interleaved with another batch's.
 */
export function createCdcWriter(client: ClickHouseClient): (records: CdcRecord[]) => Promise<void> {
  return async (records) => {
    const changes = new Map<string, { row: CdcEventRow; ledger?: LedgerRow }>();
    const transactions = new Map<string, CdcTransactionRow>();
    for (const r of records) {
      if (r.kind === 'change') changes.set(r.row.EventId, r);
      else transactions.set(r.row.EventId, r.row);
    }
    const [storedChanges, storedTransactions] = await Promise.all([
      changes.size > 0 ? storedChangeEventIds(client, [...changes.values()].map((c) => c.row)) : new Set<string>(),
      transactions.size > 0 ? storedTransactionIds(client, [...transactions.values()]) : new Set<string>(),
    ]);
    const freshChanges = [...changes.values()].filter((c) => !storedChanges.has(c.row.EventId));
    const freshTransactions = [...transactions.values()].filter((t) => !storedTransactions.has(t.EventId));
    countDuplicates(records, new Set([...storedChanges, ...storedTransactions]));

    // Ledger rows go first and cdc_events last: an event counts as stored once it is in
    // cdc_events, and rewriting a ledger row after a failed attempt is harmless because the
    // ledger tables keep one row per (Id, Version).
    const ledger = new Map<LedgerTableName, LedgerRow['values'][]>();
    for (const { ledger: row } of freshChanges) {
      if (!row) continue;
      const rows = ledger.get(row.table);
      if (rows) rows.push(row.values);
      else ledger.set(row.table, [row.values]);
    }
    await Promise.all(
      [...ledger.entries()].map(([table, values]) => client.insert({ table: ledgerClickHouseTable(table), values, format: 'JSONEachRow' })),
    );
    if (freshTransactions.length > 0) {
      await client.insert({ table: 'cdc_transactions', values: freshTransactions, format: 'JSONEachRow' });
    }
    if (freshChanges.length > 0) {
      await client.insert({ table: 'cdc_events', values: freshChanges.map((c) => c.row), format: 'JSONEachRow' });
    }
  };
}

/** Counts records already stored, or repeated within this batch, per source kind. */
function countDuplicates(records: CdcRecord[], stored: Set<string>): void {
  const seen = new Set<string>();
  const m = metrics();
  for (const { row } of records) {
    if (stored.has(row.EventId) || seen.has(row.EventId)) m.cdcDuplicates.inc({ source: row.SourceKind });
    seen.add(row.EventId);
  }
}
