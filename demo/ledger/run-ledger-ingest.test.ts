import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { markReady } from '../../server/health';
import { HOUR_MS, MINUTE_MS, hourStart } from '../scenario';
import { sentChanges } from './debezium-events';
import { ledgerGroundTruth } from './ledger-truth';
import { startLedgerDemo, type LedgerDemoOptions } from './run-ledger';
import { ledgerTransactions } from './schedule';
import { expectedLatest, LEDGER_STATE, queryCount, queryRows, runUntilCaughtUp, storedLatest } from './test-support';
import { readTruth } from './truth-log';

// Its own file: chDB allows one engine per process and vitest gives each file a process.

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
const dirs: string[] = [];

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({
    store,
    config: { SIGHTLINE_INGEST_TOKENS: ['demo-secret'], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 },
    host: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await ingest.close();
  await cleanup();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('ledger demo → POST /v1/cdc → ClickHouse', () => {
  // Minutes 18–21 of a recent hour: the flash sale starts at minute 20.
  const now = hourStart(Date.now()) - HOUR_MS + 21 * MINUTE_MS;
  const backfillHours = 0.05;
  const from = now - backfillHours * HOUR_MS;
  let stateDir: string;
  let base: LedgerDemoOptions;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sightline-ledger-'));
    dirs.push(stateDir);
    base = { endpoint: `http://127.0.0.1:${ingest.port}`, token: 'demo-secret', seed: 42, rate: 10, backfillHours, stateDir, log: () => undefined };
  });

  it('delivers a backfill exactly once, and the ledger tables hold each row’s latest state', async () => {
    const logs: string[] = [];
    const stats = await runUntilCaughtUp({ ...base, now: () => now, log: (m) => void logs.push(m) });
    const expected = ledgerTransactions({ seed: 42, rate: 10, transport: 'debezium' }, from, now);
    const changes = expected.reduce((n, t) => n + sentChanges(t), 0);
    expect(stats).toMatchObject({ transport: 'debezium', backfillDone: true, cursorMs: now, transactionsSent: expected.length, changesSent: changes });
    expect(logs.filter((l) => /refused|failed|retrying/.test(l))).toEqual([]);

    expect(await queryCount(store, 'SELECT count() AS n FROM cdc_events')).toBe(changes);
    expect(await queryCount(store, 'SELECT uniqExact(EventId) AS n FROM cdc_events')).toBe(changes);
    expect(await queryCount(store, `SELECT count() AS n FROM cdc_transactions`)).toBe(2 * expected.length);

    for (const [table, ledger, column, source] of LEDGER_STATE) {
      const stored = await storedLatest(store, ledger, column);
      expect(stored.length, table).toBeGreaterThan(0);
      expect(stored, table).toEqual(expectedLatest(expected, table, source));
    }

    const truth = await readTruth(stateDir);
    expect(truth.map(({ seed, transport, ...b }) => (expect([seed, transport]).toEqual([42, 'debezium']), b))).toEqual(
      ledgerGroundTruth({ seed: 42, rate: 10, transport: 'debezium' }, from, now),
    );
    expect(truth.length).toBeGreaterThan(10);
  });

  it('resumes after a restart without sending anything twice', async () => {
    const before = await queryCount(store, 'SELECT count() AS n FROM cdc_events');
    const again = await runUntilCaughtUp({ ...base, now: () => now });
    expect(again.transactionsSent).toBe(0);
    expect(await queryCount(store, 'SELECT count() AS n FROM cdc_events')).toBe(before);

    const later = now + 40_000;
    const more = ledgerTransactions({ seed: 42, rate: 10, transport: 'debezium' }, now, later, from);
    const resumed = await runUntilCaughtUp({ ...base, now: () => later });
    expect(resumed.transactionsSent).toBe(more.length);
    expect(await queryCount(store, 'SELECT count() AS n FROM cdc_events')).toBe(before + more.reduce((n, t) => n + sentChanges(t), 0));
    expect(await queryCount(store, 'SELECT count() AS n FROM cdc_events FINAL')).toBe(await queryCount(store, 'SELECT count() AS n FROM cdc_events'));
    const truth = (await readTruth(stateDir)).map(({ seed: _seed, transport: _transport, ...b }) => b);
    expect(truth).toEqual(ledgerGroundTruth({ seed: 42, rate: 10, transport: 'debezium' }, from, later));
  });

  it('streams live within the 800 ms commit-to-ingest SLA, holding back the late breaks', async () => {
    const liveDir = await mkdtemp(join(tmpdir(), 'sightline-ledger-live-'));
    dirs.push(liveDir);
    // Another seed, so its ids do not collide with the history above; every flow broken, so a
    // few seconds hold several late transactions.
    const demo = await startLedgerDemo({ ...base, seed: 7, rate: 100, stateDir: liveDir, backfillHours: 0, breakEvery: 12 });
    const started = Date.now();
    // Until a held-back transaction has gone out: on a loaded machine that can take longer than usual.
    const deadline = started + 30_000;
    const sawLate = async (): Promise<boolean> => (await readTruth(liveDir).catch(() => [])).some((b) => b.kind === 'late_event');
    while (Date.now() < deadline && (Date.now() - started < 4000 || !(await sawLate()))) await new Promise((r) => setTimeout(r, 500));
    await demo.stop();
    expect(demo.stats().transactionsSent).toBeGreaterThan(50);
    const late = (await readTruth(liveDir)).filter((b) => b.kind === 'late_event').map((b) => b.sourceTxId);
    expect(late.length).toBeGreaterThan(0);
    const lag = `dateDiff('millisecond', CommitTs, IngestedAt)`;
    const lateIds = `[${late.join(', ')}]`;
    const [lateLag] = await queryRows<{ min: number }>(store, `SELECT min(${lag}) AS min FROM cdc_events WHERE TxId IN ${lateIds}`);
    expect(lateLag!.min).toBeGreaterThan(800);
    const [onTime] = await queryRows<{ p50: number; n: string }>(
      store,
      `SELECT quantileExact(0.5)(${lag}) AS p50, count() AS n FROM cdc_events
       WHERE CommitTs >= fromUnixTimestamp64Milli(${started}) AND TxId NOT IN ${lateIds}`,
    );
    expect(Number(onTime!.n)).toBeGreaterThan(50);
    expect(onTime!.p50).toBeLessThan(800);
  });
});
