import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../clickhouse/test-store';
import type { Store } from '../clickhouse/client';
import { startIngestServer, type IngestServer } from '../ingest/server';
import { markReady } from '../server/health';
import { startDemo } from './run';

// Its own file: chDB allows one engine per process and vitest gives each file a process.

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let stateDir: string;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({
    store,
    config: { SIGHTLINE_INGEST_TOKENS: ['demo-secret'], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 },
    host: '127.0.0.1',
    port: 0,
  });
  stateDir = await mkdtemp(join(tmpdir(), 'sightline-demo-ingest-'));
});

afterAll(async () => {
  await ingest.close();
  await cleanup();
  await rm(stateDir, { recursive: true, force: true });
});

async function rows<T>(query: string): Promise<T[]> {
  const rs = await store.client.query({ query, format: 'JSONEachRow' });
  return rs.json<T>();
}

describe('demo → ingest → ClickHouse', () => {
  it('delivers every span of a short backfill, queryable with its conventions intact', async () => {
    // Minutes 33–36 of a recent hour (the table's TTL drops old rows), so the inventory
    // episode starts inside the range.
    const now = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000 + 36 * 60_000;
    const logs: string[] = [];
    const demo = await startDemo({
      endpoint: `http://127.0.0.1:${ingest.port}`,
      token: 'demo-secret',
      seed: 42,
      rate: 10,
      backfillHours: 0.05,
      stateDir,
      log: (m) => void logs.push(m),
      now: () => now,
    });
    const deadline = Date.now() + 50_000;
    while (!demo.stats().backfillDone && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const stats = demo.stats();
    await demo.stop();
    expect(stats.backfillDone).toBe(true);
    expect(logs.filter((l) => l.includes('failed'))).toEqual([]);

    const [count] = await rows<{ spans: string; services: string; traces: string }>(
      'SELECT count() AS spans, uniqExact(ServiceName) AS services, uniqExact(TraceId) AS traces FROM otel_traces',
    );
    expect(Number(count?.spans)).toBe(stats.spansSent);
    expect(Number(count?.services)).toBe(11);
    expect(Number(count?.traces)).toBe(stats.requestsSimulated);

    const canary = await rows<{ ServiceName: string; v: string }>(
      `SELECT DISTINCT ServiceName, ResourceAttributes['service.version'] AS v FROM otel_traces
       WHERE ResourceAttributes['deployment.role'] = 'canary' ORDER BY ServiceName`,
    );
    expect(canary).toEqual([
      { ServiceName: 'order-svc', v: '5.13.0-rc.1' },
      { ServiceName: 'payment-svc', v: '2.4.0-rc.1' },
    ]);

    const [edge] = await rows<{ n: string; units: string }>(
      `SELECT count() AS n, uniqExact(SpanAttributes['x_unit_id']) AS units FROM otel_traces
       WHERE ServiceName = 'api-gateway' AND SpanKind = 'Server' AND SpanAttributes['http.route'] != ''`,
    );
    expect(Number(edge?.n)).toBe(stats.requestsSimulated);
    expect(Number(edge?.units)).toBe(3);

    const [timeouts] = await rows<{ n: string }>(
      `SELECT count() AS n FROM otel_traces
       WHERE ServiceName = 'order-svc' AND SpanKind = 'Client' AND SpanAttributes['rpc.grpc.status_code'] = '4'
         AND StatusCode = 'Error' AND has(Events.Name, 'exception')`,
    );
    expect(Number(timeouts?.n)).toBeGreaterThan(100);
  });
});
