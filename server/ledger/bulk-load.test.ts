import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { num, queryRows } from '../queries/run';
import { resolveLedgerMapping } from '../ledger-mapping';
import { reconcilePass } from './reconciler';

// A bulk load (a restore, a WAL backlog) stores a whole batch in one ingest millisecond; one
// reconciler pass then reads every row of it. Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;
const ROWS = 300_000;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  // One INSERT: now64() is taken once, so every row shares its IngestedAt.
  await store.client.command({
    query: `INSERT INTO cdc_events (EventId, SourceDb, SourceSchema, SourceTable, Op, Lsn, TxId, PrimaryKey, CommitTs, Before, After, SourceKind, Snapshot, Sequence, TransactionId, TotalOrder, DataCollectionOrder)
            SELECT toString(number), 'pay', 'public', 'audit_trail', 'c', number * 8, intDiv(number, 2), toString(number), now64(6) - INTERVAL 1 HOUR,
                   '', '{"id":' || toString(number) || '}', 'debezium', 'false', '', '', 1, 1
            FROM numbers({rows:UInt64})`,
    query_params: { rows: ROWS },
  });
});
afterAll(async () => {
  await cleanup();
});

describe('the reconciler after a bulk load', () => {
  it('reads a chunk of hundreds of thousands of rows sharing one ingest millisecond', async () => {
    const [row] = await queryRows<{ n: number | string; times: number | string }>(store, 'SELECT count() AS n, uniqExact(IngestedAt) AS times FROM cdc_events');
    expect([num(row!.n), num(row!.times)]).toEqual([ROWS, 1]);
    const mapping = resolveLedgerMapping({});
    // Ingest time must be past the reconciler's settling delay before the rows are read.
    const later = Date.now() + 60_000;
    const first = await reconcilePass(store, mapping, mapping.reconciliation, later);
    const [ingested] = await queryRows<{ at: number | string }>(store, 'SELECT toUnixTimestamp64Milli(max(IngestedAt)) AS at FROM cdc_events');
    expect(first.watermarkMs).toBeGreaterThan(num(ingested!.at));
    expect((await reconcilePass(store, mapping, mapping.reconciliation, later)).caughtUp).toBe(true);
  });
});
