import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../clickhouse/test-store';
import { metrics } from '../metrics';
import { baseMinute, insertSpans, span } from '../testing/span-fixture';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

const base = baseMinute(30);
const range = { from: base, to: base + 10 * 60_000 };

let ctx: Awaited<ReturnType<typeof openTestStore>>;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ctx = await openTestStore();
  caller = appRouter.createCaller({ store: ctx.store, user: TEST_ADMIN });
  // 120 spans in minute 2 and 60 in minute 3 of the range.
  await insertSpans(ctx.store, [
    ...Array.from({ length: 120 }, (_, i) => span({ ms: base + 120_000 + i * 500, service: 'a' })),
    ...Array.from({ length: 60 }, (_, i) => span({ ms: base + 180_000 + i * 1000, service: 'b', kind: 'Client' })),
  ]);
  await ctx.store.client.insert({
    table: 'rum_events',
    values: [100, 500, 300, 200, 400].map((v, i) => ({
      Timestamp: base + 60_000 + i, Kind: 'web-vitals', Name: 'lcp', Value: v, Page: '/', SessionId: 's', AppName: 'sightline', Attributes: {},
    })).concat(
      [0.05, 0.15].map((v, i) => ({
        Timestamp: base + 60_000, Kind: 'web-vitals', Name: 'cls', Value: v, SessionId: 's', AppName: 'sightline', Attributes: {},
        // Full URLs of two different traces: one route.
        Page: `http://localhost:3000/traces/${String(i).repeat(32)}?span=1`,
      })),
    ),
    format: 'JSONEachRow',
  });
});

afterAll(async () => {
  await ctx?.cleanup();
});

describe('health.status', () => {
  it('reports the store, version and stored spans', async () => {
    const h = await caller.health.status();
    expect(h).toMatchObject({ clickhouse: 'embedded', version: '0.1.0', spans: 180 });
    expect(h.clickhouseVersion).toMatch(/^\d+\.\d+/);
  });

  it('counts CDC events once each, and 0 before the table exists', async () => {
    const exists = await ctx.store.client.query({
      query: "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'cdc_events'",
      format: 'JSONEachRow',
    });
    if (Number((await exists.json<{ n: number }>())[0]!.n) === 0) {
      expect((await caller.health.status()).cdcEvents).toBe(0);
      // Stand-in for the CDC migration: a redelivered event shares its identity.
      await ctx.store.client.command({ query: 'CREATE TABLE cdc_events (Id String, V UInt8) ENGINE = ReplacingMergeTree ORDER BY Id' });
      await ctx.store.client.insert({ table: 'cdc_events', values: [{ Id: 'e1', V: 1 }, { Id: 'e2', V: 1 }], format: 'JSONEachRow' });
      await ctx.store.client.insert({ table: 'cdc_events', values: [{ Id: 'e1', V: 1 }], format: 'JSONEachRow' });
      expect((await caller.health.status()).cdcEvents).toBe(2);
      // The count is reused only while no row arrives and no merge drops a duplicate: here a
      // merge drops two rows and an insert brings two, so the plain row count comes back the same.
      await ctx.store.client.insert({ table: 'cdc_events', values: [{ Id: 'e2', V: 1 }, { Id: 'e3', V: 1 }], format: 'JSONEachRow' });
      expect((await caller.health.status()).cdcEvents).toBe(3);
      await ctx.store.client.command({ query: 'OPTIMIZE TABLE cdc_events FINAL' });
      await ctx.store.client.insert({ table: 'cdc_events', values: [{ Id: 'e4', V: 1 }, { Id: 'e5', V: 1 }], format: 'JSONEachRow' });
      expect((await caller.health.status()).cdcEvents).toBe(5);
    } else {
      const final = await ctx.store.client.query({ query: 'SELECT count() AS n FROM cdc_events FINAL', format: 'JSONEachRow' });
      expect((await caller.health.status()).cdcEvents).toBe(Number((await final.json<{ n: number }>())[0]!.n));
    }
  });

  it('answers SERVICE_UNAVAILABLE with a clear message when no store is open', async () => {
    await expect(appRouter.createCaller({ store: undefined }).health.status()).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringContaining('ClickHouse is not open'),
    });
  });
});

describe('system.overview', () => {
  it('reports ingest counters and histograms from the process registry', async () => {
    const m = metrics();
    m.ingestReceived.inc({ endpoint: 'traces' }, 1000);
    m.ingestAccepted.inc({ endpoint: 'traces' }, 990);
    m.ingestRejected.inc({ endpoint: 'traces', reason: 'invalid_id' }, 10);
    m.ingestRetried.inc({ endpoint: 'traces' }, 2);
    m.queueRows.set({ table: 'otel_traces' }, 1234);
    for (const rows of [50, 500, 500, 3000]) m.batchRows.observe({ table: 'otel_traces' }, rows);
    for (const s of [0.02, 0.03, 0.04, 0.2]) m.insertSeconds.observe({ table: 'otel_traces' }, s);
    await caller.services.list(range);

    const { ingest } = await caller.system.overview(range);
    expect(ingest.endpoints).toEqual([{ endpoint: 'traces', received: 1000, accepted: 990, rejected: 10, retried: 2 }]);
    expect(ingest.rejectedByReason).toEqual([{ reason: 'invalid_id', count: 10 }]);
    expect(ingest.queue).toEqual([{ table: 'otel_traces', rows: 1234 }]);
    // Cumulative buckets ≤100: 1, ≤1000: 3, ≤5000: 4. p50 (rank 2) = 100 + 900 × 1/2; p95 (rank 3.8) = 1000 + 4000 × 0.8.
    const [batches] = ingest.batches;
    expect(batches).toMatchObject({ table: 'otel_traces', inserts: 4, rows: 4050, meanRows: 1012.5, p50Rows: 550 });
    expect(batches!.p95Rows).toBeCloseTo(4200, 9);
    // Cumulative buckets ≤0.025: 1, ≤0.05: 3, ≤0.1: 3, ≤0.25: 4 (seconds).
    const insert = ingest.inserts[0]!;
    expect(insert.table).toBe('otel_traces');
    expect(insert.count).toBe(4);
    expect(insert.p50Ms).toBeCloseTo(37.5, 9);
    expect(insert.p95Ms).toBeCloseTo(100 + 150 * 0.8, 9);
    expect(ingest.queries.find((q) => q.procedure === 'services.list')?.count).toBe(1);
  });

  it('reports storage per table, stored span rate and web vitals p75 per page', async () => {
    const o = await caller.system.overview(range);
    expect(o.storage.find((t) => t.table === 'otel_traces')).toMatchObject({ rows: 180 });
    expect(o.storage.find((t) => t.table === 'otel_traces')!.bytesOnDisk).toBeGreaterThan(0);
    expect(o.storedSpanRate.bucketSeconds).toBe(60);
    expect(o.wal).toBeNull();
    expect(o.storedSpanRate.points.map((p) => p.spansPerSecond)).toEqual([0, 0, 2, 1, 0, 0, 0, 0, 0, 0]);
    expect(o.webVitals).toEqual([
      { page: '/', metric: 'lcp', p75: 400, samples: 5 },
      { page: '/traces/[traceId]', metric: 'cls', p75: 0.15, samples: 2 },
    ]);
  });
});
