import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { debeziumBody } from '../../demo/ledger/debezium-events';
import { isoMicros, type Row, type RowChange, type SourceTxn } from '../../demo/ledger/source-txn';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { markReady } from '../health';
import { resolveLedgerMapping } from '../ledger-mapping';
import { appRouter } from '../routers/app-router';
import { startLedgerReconciler, stopLedgerReconciler } from './reconciler-runner';

// A break that heals itself when the missing posting arrives late, through the real ingest
// endpoint and the running reconciler. Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
const GRACE_MS = 2000;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: ['t'], SIGHTLINE_INGEST_QUEUE_ROWS: 10_000 }, host: '127.0.0.1', port: 0 });
  const mapping = resolveLedgerMapping({ reconciliation: { graceSeconds: GRACE_MS / 1000 } });
  startLedgerReconciler(store, { mapping });
});

afterAll(async () => {
  await stopLedgerReconciler();
  await ingest.close();
  await cleanup();
});

const caller = () => appRouter.createCaller({ store, user: { id: 'auditor-1', name: 'A', roles: ['auditor'] } });
let txId = 7000;

/** One source transaction committed now, sent through POST /v1/cdc as Debezium would. */
async function send(changes: RowChange[]): Promise<void> {
  const commitUs = Date.now() * 1000;
  const txn: SourceTxn = { flowKey: 1, seq: 0, txId: txId++, lsn: BigInt(commitUs) * 2048n, commitUs, sendUs: commitUs + 20_000, changes, breaks: [] };
  const res = await fetch(`http://127.0.0.1:${ingest.port}/v1/cdc`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: debeziumBody([txn]) });
  expect(res.status, await res.text()).toBe(200);
}

const payment = (status: string): Row => ({ id: 990001, order_id: 990001, amount: '49.90', currency: 'CNY', channel: 'alipay', status, created_at: isoMicros(Date.now() * 1000), updated_at: isoMicros(Date.now() * 1000) });
const entry = (id: number, direction: 'D' | 'C', account: string): Row => ({
  id,
  txn_id: 'P-990001',
  account,
  direction,
  amount: '49.90',
  currency: 'CNY',
  ref_type: 'payment',
  ref_id: '990001',
  created_at: isoMicros(Date.now() * 1000),
});

async function missingLedger() {
  const page = await caller().ledger.breaks({ from: 'now-1h', to: 'now', state: 'all', kinds: ['missing_ledger'], ref: 'payment:990001' });
  return page.items[0];
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a break that heals itself', () => {
  it('opens missing_ledger after the grace period, heals when the posting arrives, and keeps the history', async () => {
    await send([{ table: 'payments', op: 'c', before: null, after: payment('PENDING') }]);
    const committed = Date.now();
    await send([{ table: 'payments', op: 'u', before: payment('PENDING'), after: payment('SUCCEEDED') }]);
    const opened = await until('missing_ledger to open', async () => {
      const b = await missingLedger();
      return b?.state === 'open' ? b : undefined;
    });
    expect(opened).toMatchObject({ amount: '49.9', currency: 'CNY' });
    expect(opened.firstSeenMs).toBeGreaterThanOrEqual(committed + GRACE_MS);

    await send([
      { table: 'journal_entries', op: 'c', before: null, after: entry(99000101, 'D', 'customer_clearing') },
      { table: 'journal_entries', op: 'c', before: null, after: entry(99000102, 'C', 'merchant_payable') },
    ]);
    const healed = await until('missing_ledger to heal', async () => {
      const b = await missingLedger();
      return b?.state === 'healed' ? b : undefined;
    });
    const detail = await caller().ledger.break({ id: healed.breakId });
    expect(detail.changes.map((c) => c.change)).toEqual(['opened', 'healed']);
    expect(detail.events.map((e) => e.source)).toEqual(['public.payments', 'public.payments', 'public.journal_entries', 'public.journal_entries']);
    expect((await caller().ledger.breaks({ from: 'now-1h', to: 'now', ref: 'payment:990001' })).items).toEqual([]);
  });
});
