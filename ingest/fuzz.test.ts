import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Store } from '../clickhouse/client';
import { openTestStore } from '../clickhouse/test-store';
import { Rng } from '../demo/random';
import { changeEvent, paymentRow } from './cdc/debezium-fixtures';
import { markReady } from '../server/health';
import { startIngestServer, type IngestServer } from './server';

/**
 * Hostile and broken bodies on every ingest endpoint — random bytes, truncations, bit flips,
 * deep nesting, huge strings, wrong types — must all get a 4xx (or a 2xx when the mutation
 * happens to stay valid), never a 5xx or a dropped connection, and the listener must keep
 * storing good requests afterwards.
 */

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let url: string;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${ingest.port}`;
});
afterAll(async () => {
  await ingest.close();
  await cleanup();
});

function validSpans(service: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('fuzz');
  for (let i = 0; i < 5; i++) {
    const span = tracer.startSpan(`op-${i}`, { kind: SpanKind.SERVER, attributes: { 'http.route': '/x/{id}', n: i } });
    span.end();
  }
  return exporter.getFinishedSpans();
}

const VALID_CDC = JSON.stringify([changeEvent({ op: 'c', lsn: 7_000_016, after: paymentRow(77, '10.00') })]);
const VALID_RUM = JSON.stringify({ meta: { page: { url: 'http://localhost/' } }, measurements: [{ type: 'web-vitals', values: { lcp: 100 } }] });

function mutations(valid: Uint8Array, rng: Rng, count: number): Buffer<ArrayBuffer>[] {
  const out: Buffer<ArrayBuffer>[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    if (kind === 0) out.push(Buffer.from(Uint8Array.from({ length: rng.u32() % 4096 }, () => rng.u32() & 0xff)));
    else if (kind === 1) out.push(Buffer.from(valid.slice(0, rng.u32() % Math.max(1, valid.length))));
    else if (kind === 2) {
      const copy = Buffer.from(valid);
      for (let f = 0; f < 1 + (rng.u32() % 8); f++) copy[rng.u32() % copy.length]! ^= 1 << (rng.u32() % 8);
      out.push(copy);
    } else if (kind === 3) out.push(Buffer.from('['.repeat(50_000 + (rng.u32() % 50_000))));
    else if (kind === 4) out.push(Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x'.repeat(3_000_000) }] }] }], before: 'y'.repeat(100_000) })));
    else {
      const wrong = [null, 42, 'str', [], {}, true, { resourceSpans: 'nope' }, { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 5, spanId: [] }] }] }] }];
      out.push(Buffer.from(JSON.stringify(wrong[rng.u32() % wrong.length])));
    }
  }
  return out;
}

describe('fuzzed bodies on every ingest endpoint', () => {
  const cases: Array<{ path: string; type: string; valid: () => Uint8Array }> = [
    { path: '/v1/traces', type: 'application/x-protobuf', valid: () => ProtobufTraceSerializer.serializeRequest(validSpans('fuzz-proto'))! },
    { path: '/v1/traces', type: 'application/json', valid: () => JsonTraceSerializer.serializeRequest(validSpans('fuzz-json'))! },
    { path: '/v1/cdc', type: 'application/json', valid: () => new TextEncoder().encode(VALID_CDC) },
    { path: '/collect', type: 'application/json', valid: () => new TextEncoder().encode(VALID_RUM) },
  ];

  it.each(cases)('$path as $type answers 4xx (never 5xx) and keeps serving', async ({ path, type, valid }) => {
    const rng = new Rng(path.length * 31 + type.length);
    const statuses = new Map<number, number>();
    for (const body of mutations(valid(), rng, 72)) {
      const res = await fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `status for a ${body.length}-byte body`).toBeLessThan(500);
    }
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    const good = await fetch(`${url}${path}`, { method: 'POST', body: Buffer.from(valid()), headers: { 'content-type': type } });
    expect(good.status).toBeLessThan(300);
  });

  it('stored the good requests intact', async () => {
    const rs = await store.client.query({
      query: "SELECT ServiceName, count() AS n FROM otel_traces WHERE ServiceName IN ('fuzz-proto', 'fuzz-json') GROUP BY ServiceName ORDER BY ServiceName",
      format: 'JSONEachRow',
    });
    const counts = await rs.json<{ ServiceName: string; n: number }>();
    // Mutated bodies that stayed valid may add spans of their own; the good ones are all there.
    for (const c of counts) expect(c.n).toBeGreaterThanOrEqual(5);
    expect(counts.map((c) => c.ServiceName)).toEqual(['fuzz-json', 'fuzz-proto']);
    const cdc = await store.client.query({ query: 'SELECT count() AS n FROM cdc_events WHERE Lsn = 7000016', format: 'JSONEachRow' });
    expect(await cdc.json()).toEqual([{ n: 1 }]);
  });
});
