import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { startPgTestCluster, type PgTestCluster } from '../../ingest/wal/pg-test-cluster';
import { batcherSink } from '../../ingest/wal/start-wal-source';
import { WalSource } from '../../ingest/wal/wal-source';
import { markReady } from '../../server/health';
import { resolveLedgerMapping } from '../../server/ledger-mapping';
import { HOUR_MS, MINUTE_MS, hourStart } from '../scenario';
import { BREAK_KINDS, DEBEZIUM_ONLY } from './breaks';
import { ledgerGroundTruth } from './ledger-truth';
import { ledgerTransactions, type LedgerOptions } from './schedule';
import { expectedLatest, LEDGER_STATE, queryCount, queryRows, runUntilCaughtUp, storedLatest } from './test-support';
import { readTruth } from './truth-log';

// The Postgres transport end to end: demo → real SQL transactions → logical replication
// (Sightline's WAL reader) → ClickHouse. Its own file for chDB's one engine per process.

let cluster: PgTestCluster;
let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let wal: WalSource;
let stateDir: string;

beforeAll(async () => {
  cluster = await startPgTestCluster();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE pay');
  await admin.end();
  ({ store, cleanup } = await openTestStore());
  markReady();
  const mapping = resolveLedgerMapping();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, ledger: mapping, host: '127.0.0.1', port: 0 });
  // Started before the demo has created its tables: it retries until they exist.
  wal = new WalSource({ connectionString: cluster.url('pay'), mapping, sink: batcherSink(ingest.cdc), retryInitialMs: 200, retryMaxMs: 500, lagPollMs: 200 });
  wal.start();
  stateDir = await mkdtemp(join(tmpdir(), 'sightline-ledger-wal-'));
});

afterAll(async () => {
  await wal?.stop();
  await ingest?.close();
  await cleanup?.();
  await cluster?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

async function until(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('ledger demo → Postgres → WAL → ClickHouse', () => {
  const now = hourStart(Date.now()) - HOUR_MS + 11 * MINUTE_MS;
  const backfillHours = 0.02;
  const from = now - backfillHours * HOUR_MS;
  // Every flow broken, so each break kind the Postgres transport can carry shows up.
  const opts: LedgerOptions = { seed: 42, rate: 10, transport: 'postgres', breakEvery: BREAK_KINDS.length };

  it('commits every flow as a real transaction that reaches the ledger tables through the WAL', async () => {
    const logs: string[] = [];
    const base = { endpoint: 'http://127.0.0.1:9', seed: 42, rate: 10, backfillHours, stateDir, pgUrl: cluster.url('pay'), breakEvery: opts.breakEvery, now: () => now, log: () => undefined };
    const stats = await runUntilCaughtUp({ ...base, log: (m) => void logs.push(m) });
    const expected = ledgerTransactions(opts, from, now);
    const changes = expected.reduce((n, t) => n + t.changes.length, 0);
    expect(stats).toMatchObject({ transport: 'postgres', backfillDone: true, transactionsSent: expected.length, changesSent: changes });
    expect(logs.filter((l) => /retrying|stopped/.test(l))).toEqual([]);

    await until(async () => (await queryCount(store, 'SELECT count() AS n FROM cdc_events')) >= changes);
    expect(await queryCount(store, `SELECT count() AS n FROM cdc_events WHERE SourceKind = 'wal'`)).toBe(changes);
    expect(await queryCount(store, 'SELECT uniqExact(TxId) AS n FROM cdc_events')).toBe(expected.length);
    for (const [table, ledger, column, source] of LEDGER_STATE) {
      expect(await storedLatest(store, ledger, column), table).toEqual(expectedLatest(expected, table, source));
    }

    // The truth names the real xids; each is a transaction the WAL reader stored.
    const truth = await readTruth(stateDir);
    const pure = ledgerGroundTruth(opts, from, now);
    expect(truth.map(({ seed: _s, transport: _t, sourceTxId: _x, ...b }) => b)).toEqual(pure.map(({ sourceTxId: _x, ...b }) => b));
    expect(new Set(truth.map((b) => b.kind)).size).toBe(BREAK_KINDS.length - DEBEZIUM_ONLY.size);
    const xids = truth.map((b) => b.sourceTxId);
    expect(xids.every((x) => /^\d+$/.test(String(x)))).toBe(true);
    const stored = await queryRows<{ TxId: string }>(store, `SELECT DISTINCT toString(TxId) AS TxId FROM cdc_events WHERE TxId IN [${xids.join(', ')}]`);
    expect(stored.length).toBe(new Set(xids).size);

    // A restart resumes from the progress committed with the last transaction: nothing twice.
    const again = await runUntilCaughtUp({ ...base });
    expect(again.transactionsSent).toBe(0);
    const later = await runUntilCaughtUp({ ...base, now: () => now + 20_000 });
    const more = ledgerTransactions(opts, now, now + 20_000, from);
    expect(later.transactionsSent).toBe(more.length);
    const all = changes + more.reduce((n, t) => n + t.changes.length, 0);
    await until(async () => (await queryCount(store, 'SELECT count() AS n FROM cdc_events')) >= all);
    expect(await queryCount(store, 'SELECT count() AS n FROM cdc_events')).toBe(all);
  });
});
