import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { markReady } from '../../server/health';
import { resolveLedgerMapping } from '../../server/ledger-mapping';
import { metrics } from '../../server/metrics';
import { appRouter } from '../../server/routers/app-router';
import { parseTextLsn } from '../cdc/lsn';
import { startIngestServer, type IngestServer } from '../server';
import { startPgTestCluster, type PgTestCluster } from './pg-test-cluster';
import { batcherSink } from './start-wal-source';
import { WalSource, type CdcSink } from './wal-source';
import { walStatus } from './wal-status';
import { TEST_ADMIN } from '../../server/testing/test-user';

const SCHEMA = `
  CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, group_id bigint, merchant_id bigint, region text,
    amount numeric(24, 4) NOT NULL, currency text NOT NULL, status text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint NOT NULL, amount numeric(24, 4) NOT NULL, currency text NOT NULL,
    channel text, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE refunds (id bigint PRIMARY KEY, payment_id bigint, order_id bigint, amount numeric(24, 4), currency text, status text,
    created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());
  CREATE TABLE journal_entries (id bigint PRIMARY KEY, txn_id text NOT NULL, account text NOT NULL, direction char(1) NOT NULL,
    amount numeric(24, 4) NOT NULL, currency text NOT NULL, ref_type text, ref_id text, created_at timestamptz NOT NULL DEFAULT now());
  ALTER TABLE journal_entries REPLICA IDENTITY FULL;
  CREATE TABLE settlements (id bigint PRIMARY KEY, order_id bigint, merchant_id bigint, amount numeric(24, 4), currency text, tcc_state text,
    created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());
`;

const mapping = resolveLedgerMapping({ wal: { publication: 'sightline_test', slot: 'sightline_test' } });

let cluster: PgTestCluster;
let db: pg.Client;
let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
const sources: WalSource[] = [];

beforeAll(async () => {
  // Keepalives asking for a reply every second: the consumer must answer them (or be dropped)
  // and its answers must not confirm anything it has not stored.
  cluster = await startPgTestCluster(['wal_sender_timeout=2s']);
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE pay');
  await admin.end();
  db = new pg.Client({ connectionString: cluster.url('pay') });
  await db.connect();
  await db.query(SCHEMA);
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({
    store,
    config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 },
    ledger: mapping,
    host: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  for (const s of sources) await s.stop();
  await ingest?.close();
  await db?.end();
  await cleanup?.();
  await cluster?.stop();
});

function startSource(sink: CdcSink): WalSource {
  const source = new WalSource({ connectionString: cluster.url('pay'), mapping, sink, retryInitialMs: 200, lagPollMs: 200 });
  sources.push(source);
  source.start();
  return source;
}

async function stopSource(source: WalSource): Promise<void> {
  await source.stop();
  sources.splice(sources.indexOf(source), 1);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

const insertLsn = async () => parseTextLsn((await db.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l);

async function slotConfirmed(): Promise<bigint> {
  const { rows: r } = await db.query<{ l: string }>('SELECT confirmed_flush_lsn::text AS l FROM pg_replication_slots WHERE slot_name = $1', [mapping.wal.slot]);
  return parseTextLsn(r[0]!.l);
}

async function paymentTx(id: number, amount: string): Promise<void> {
  await db.query('BEGIN');
  await db.query("INSERT INTO payments (id, order_id, amount, currency, channel, status) VALUES ($1, $1, $2, 'CNY', 'wechat', 'SUCCEEDED')", [id, amount]);
  await db.query(
    "INSERT INTO journal_entries (id, txn_id, account, direction, amount, currency, ref_type, ref_id) VALUES ($1, $3, 'customer_clearing', 'D', $2, 'CNY', 'payment', $4)",
    [id, amount, `T${id}`, String(id)],
  );
  await db.query('COMMIT');
}

/** cdc_events rows per payment id, without FINAL: what ingest actually wrote. */
async function paymentEventCounts(ids: number[]): Promise<Record<string, number>> {
  const keys = ids.map((id) => `{"id":"${id}"}`);
  const found = await rows<{ PrimaryKey: string; n: number }>(
    `SELECT PrimaryKey, count() AS n FROM cdc_events WHERE SourceTable = 'payments' AND Op = 'c' AND PrimaryKey IN {keys:Array(String)} GROUP BY PrimaryKey`,
    { keys },
  );
  return Object.fromEntries(found.map((r) => [JSON.parse(r.PrimaryKey).id as string, Number(r.n)]));
}

const exactlyOnce = (ids: number[]) => Object.fromEntries(ids.map((id) => [String(id), 1]));

describe('WAL source (pgoutput) from a real Postgres', () => {
  it('streams inserts, updates, deletes and truncates with exact values and LSNs', async () => {
    const source = startSource(batcherSink(ingest.cdc));
    await waitFor('the replication stream', async () => walStatus()?.connected);

    const lo = await insertLsn();
    await db.query('BEGIN');
    const xid = (await db.query<{ x: string }>('SELECT txid_current()::text AS x')).rows[0]!.x;
    await db.query(
      "INSERT INTO orders (id, user_id, group_id, merchant_id, region, amount, currency, status, created_at) VALUES (1, 7, 8, 9, 'cn-east-1', '12345678901234.5678', 'CNY', 'PAID', '2024-05-01 12:14:56.123456+00')",
    );
    await db.query("INSERT INTO payments (id, order_id, amount, currency, channel, status) VALUES (1, 1, '12345678901234.5678', 'CNY', 'alipay', 'PENDING')");
    await db.query('COMMIT');
    const mid = await insertLsn();
    await db.query("UPDATE payments SET status = 'SUCCEEDED', amount = '0.0001' WHERE id = 1");
    await db.query("INSERT INTO journal_entries (id, txn_id, account, direction, amount, currency, ref_type, ref_id) VALUES (1, 'T1', 'customer_clearing', 'D', '99.99', 'CNY', 'payment', '1'), (2, 'T1', 'merchant_payable', 'C', '99.99', 'CNY', 'payment', '1')");
    await db.query('DELETE FROM journal_entries WHERE id = 2');
    await db.query("INSERT INTO settlements (id, order_id, merchant_id, amount, currency, tcc_state) VALUES (1, 1, 9, '99.99', 'CNY', 'TRYING')");
    await db.query('TRUNCATE settlements');
    const hi = await insertLsn();

    type Stored = { SourceTable: string; Op: string; Lsn: string; TxId: string; SourceKind: string; Before: string; After: string; CommitTs: string };
    const events = await waitFor('8 change events', async () => {
      const found = await rows<Stored>(
        `SELECT SourceTable, Op, toString(Lsn) AS Lsn, toString(TxId) AS TxId, SourceKind, Before, After, toString(CommitTs) AS CommitTs
         FROM cdc_events WHERE SourceKind = 'wal' ORDER BY Lsn`,
      );
      return found.length >= 8 && found;
    });
    expect(events.map((e) => `${e.SourceTable}:${e.Op}`)).toEqual([
      'orders:c',
      'payments:c',
      'payments:u',
      'journal_entries:c',
      'journal_entries:c',
      'journal_entries:d',
      'settlements:c',
      'settlements:t',
    ]);
    const lsns = events.map((e) => BigInt(e.Lsn));
    // A change's LSN is where its WAL record starts.
    expect(lsns.every((l) => l >= lo && l < hi)).toBe(true);
    expect(lsns[0]! < mid && lsns[1]! < mid && lsns[2]! >= mid).toBe(true);
    expect(events[0]!.TxId).toBe(xid);
    expect(events[1]!.TxId).toBe(xid);
    expect(Math.abs(Date.parse(`${events[0]!.CommitTs.replace(' ', 'T')}Z`) - Date.now())).toBeLessThan(60_000);
    expect(JSON.parse(events[1]!.After)).toMatchObject({ id: 1, amount: '12345678901234.5678', status: 'PENDING' });
    // REPLICA IDENTITY FULL: the deleted journal entry's whole row is the evidence.
    expect(JSON.parse(events[5]!.Before)).toMatchObject({ id: 2, account: 'merchant_payable', direction: 'C', amount: '99.9900' });

    const [order] = await rows(`SELECT Amount, toString(CreatedAt) AS CreatedAt, Region FROM ledger_orders FINAL WHERE Id = '1'`);
    expect(order).toEqual({ Amount: '12345678901234.5678', CreatedAt: '2024-05-01 12:14:56.123456', Region: 'cn-east-1' });
    const [payment] = await rows(`SELECT Amount, Status, toString(Version) AS Version FROM ledger_payments FINAL WHERE Id = '1'`);
    expect(payment).toEqual({ Amount: '0.0001', Status: 'SUCCEEDED', Version: events[2]!.Lsn });
    const journal = await rows(`SELECT Id, Amount, Deleted FROM ledger_journal_entries FINAL ORDER BY Id`);
    expect(journal).toEqual([
      { Id: '1', Amount: '99.99', Deleted: 0 },
      { Id: '2', Amount: '99.99', Deleted: 1 },
    ]);
    const [end] = await rows<{ EventCount: number; DataCollections: Record<string, number>; Lsn: string }>(
      `SELECT EventCount, DataCollections, toString(Lsn) AS Lsn FROM cdc_transactions FINAL WHERE Status = 'END' AND TxId = {xid:UInt64}`,
      { xid: BigInt(xid) },
    );
    expect(end).toMatchObject({ EventCount: 2, DataCollections: { 'public.orders': 1, 'public.payments': 1 } });

    // The slot moves past the last commit once it is stored, and the lag is reported.
    const lastCommit = await lastStoredCommit();
    await waitFor('the slot to confirm the last commit', async () => (await slotConfirmed()) > lastCommit);
    await waitFor('the lag gauge', async () => walStatus()?.lagBytes !== null);
    expect(walStatus()).toMatchObject({ slot: 'sightline_test', publication: 'sightline_test', connected: true });
    // The /system page reads the same status through tRPC.
    const overview = await appRouter.createCaller({ store, user: TEST_ADMIN }).system.overview({ from: 'now-1h', to: 'now' });
    expect(overview.wal).toMatchObject({ slot: 'sightline_test', connected: true, lagBytes: expect.stringMatching(/^\d+$/) });
    expect(parseTextLsn(overview.wal!.confirmedLsn!)).toBeGreaterThan(lastCommit);
    await stopSource(source);
  });

  it('after a crash, resumes from the confirmed LSN and stores every committed row exactly once', async () => {
    for (const leftover of [...sources]) await stopSource(leftover); // the slot admits one reader
    let hang = false;
    const hungCommits: bigint[] = [];
    const store = batcherSink(ingest.cdc);
    // Stores the records, then "dies" before the source hears back, so nothing is acknowledged.
    const crashing: CdcSink = async (records) => {
      await store(records);
      if (!hang) return;
      for (const r of records) if (r.kind === 'transaction' && r.row.Status === 'END') hungCommits.push(BigInt(r.row.Lsn));
      await new Promise<never>(() => undefined);
    };
    const first = startSource(crashing);
    await waitFor('the replication stream', async () => walStatus()?.connected);

    const before = [100, 101, 102, 103, 104];
    for (const id of before) await paymentTx(id, `${id}.25`);
    await waitFor('phase 1 stored', async () => Object.keys(await paymentEventCounts(before)).length === before.length);
    const phase1 = await lastStoredCommit();
    await waitFor('phase 1 acknowledged', async () => (await slotConfirmed()) > phase1);

    hang = true;
    const during = [200, 201, 202, 203, 204];
    for (const id of during) await paymentTx(id, `${id}.5`);
    await waitFor('phase 2 stored but unacknowledged', async () => Object.keys(await paymentEventCounts(during)).length === during.length);
    const reconnects = await walReconnects();
    await new Promise((r) => setTimeout(r, 2500)); // a few keepalive rounds while writes hang
    expect(await walReconnects()).toBe(reconnects); // keepalives were answered
    await stopSource(first); // the crash: the connection goes away with five transactions unacknowledged
    const firstHung = hungCommits.reduce((a, b) => (a < b ? a : b));
    const confirmedAtCrash = await slotConfirmed();
    // Acknowledged: everything stored before the crash, nothing of the unacknowledged transactions.
    expect(confirmedAtCrash > phase1).toBe(true);
    expect(confirmedAtCrash <= firstHung).toBe(true);

    const after = [300, 301, 302];
    for (const id of after) await paymentTx(id, `${id}.75`);
    await db.query("UPDATE payments SET amount = '0.0100', status = 'REFUNDED' WHERE id = 100");

    const duplicatesBefore = await walDuplicates();
    startSource(batcherSink(ingest.cdc));
    const all = [...before, ...during, ...after];
    await waitFor('every committed row', async () => Object.keys(await paymentEventCounts(all)).length === all.length);
    await waitFor('the update after the crash', async () => (await rows(`SELECT 1 FROM ledger_payments FINAL WHERE Id = '100' AND Status = 'REFUNDED'`)).length === 1);

    expect(await paymentEventCounts(all)).toEqual(exactlyOnce(all));
    // The replayed transactions were recognised and dropped, not merged away later.
    expect((await walDuplicates()) - duplicatesBefore).toBeGreaterThanOrEqual(during.length * 2);
    const ledgerRows = await rows<{ Id: string; n: number }>(
      `SELECT Id, count() AS n FROM ledger_payments WHERE Id IN {ids:Array(String)} GROUP BY Id ORDER BY Id`,
      { ids: during.map(String) },
    );
    expect(ledgerRows.map((r) => Number(r.n))).toEqual([1, 1, 1, 1, 1]);
    const payments = await rows<{ Id: string; Amount: string }>(`SELECT Id, Amount FROM ledger_payments FINAL WHERE Id IN ('100', '204', '302') ORDER BY Id`);
    expect(payments).toEqual([
      { Id: '100', Amount: '0.01' },
      { Id: '204', Amount: '204.5' },
      { Id: '302', Amount: '302.75' },
    ]);
    const journal = await rows<{ n: number }>(`SELECT count() AS n FROM cdc_events WHERE SourceTable = 'journal_entries' AND Op = 'c' AND toUInt64(JSONExtractUInt(After, 'id')) >= 100`);
    expect(Number(journal[0]!.n)).toBe(all.length);
    const finalCommit = await lastStoredCommit();
    await waitFor('the slot to confirm the last commit', async () => (await slotConfirmed()) > finalCommit);
  });

  it('reconnects with backoff when Postgres drops the replication connection', async () => {
    await waitFor('the replication stream', async () => walStatus()?.connected);
    const reconnects = await walReconnects();
    await db.query('SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1', [mapping.wal.slot]);
    await waitFor('the failure to be noticed', async () => (await walReconnects()) > reconnects);
    expect(walStatus()?.lastError).toMatch(/terminat/i);
    await paymentTx(400, '400.40');
    await waitFor('the row written after the reconnect', async () => (await paymentEventCounts([400]))['400'] === 1);
    expect(walStatus()?.connected).toBe(true);
  });
});

/** Start LSN of the newest commit stored from the WAL (its END marker). */
async function lastStoredCommit(): Promise<bigint> {
  const [row] = await rows<{ l: string }>(`SELECT toString(max(Lsn)) AS l FROM cdc_transactions WHERE SourceKind = 'wal' AND Status = 'END'`);
  return BigInt(row!.l);
}

async function walReconnects(): Promise<number> {
  const { values } = await metrics().walReconnects.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

async function walDuplicates(): Promise<number> {
  const { values } = await metrics().cdcDuplicates.get();
  return values.filter((v) => v.labels.source === 'wal').reduce((sum, v) => sum + v.value, 0);
}
