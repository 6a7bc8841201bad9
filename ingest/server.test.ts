import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { openTestStore } from '../clickhouse/test-store';
import type { Store } from '../clickhouse/client';
import { markReady } from '../server/health';
import { startIngestServer, type IngestServer } from './server';

interface StoredSpan {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  SpanAttributes: Record<string, string>;
  Duration: number;
  StatusCode: string;
  StatusMessage: string;
  ScopeName: string;
  'Events.Name': string[];
  'Events.Attributes': Record<string, string>[];
}

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let url: string;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({
    store,
    config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 },
    host: '127.0.0.1',
    port: 0,
  });
  url = `http://127.0.0.1:${ingest.port}`;
});
afterAll(async () => {
  await ingest.close();
  await cleanup();
});

async function spansOf(service: string): Promise<StoredSpan[]> {
  const rs = await store.client.query({
    query: `SELECT TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, SpanAttributes,
                   Duration, StatusCode, StatusMessage, ScopeName, Events.Name, Events.Attributes
            FROM otel_traces WHERE ServiceName = {service:String} ORDER BY SpanName`,
    query_params: { service },
    format: 'JSONEachRow',
  });
  return rs.json<StoredSpan>();
}

/** Emits a small, fully specified trace through the official SDK and the given exporter. */
async function emitTrace(service: string, exporter: SpanExporter) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.2.3', 'cloud.region': 'cn-east-1' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('sightline-test', '0.0.1');
  const t0 = Date.now() - 5_000;
  const attrs: Attributes = { 'http.route': '/orders/:id', 'http.response.status_code': 503, 'app.ok': true, 'app.ratio': 0.25, 'app.tags': ['a', 'b'] };
  const root = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER, startTime: t0, attributes: attrs });
  root.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' }, t0 + 100);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
  const child = tracer.startSpan(
    'inventory.Inventory/Reserve',
    { kind: SpanKind.CLIENT, startTime: t0 + 10, attributes: { 'peer.service': 'inventory-svc', 'rpc.system': 'grpc' } },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.end(t0 + 260);
  root.end(t0 + 300);
  await provider.forceFlush();
  await provider.shutdown();
  return { root: root.spanContext(), child: child.spanContext() };
}

async function expectTraceStored(service: string, ids: { root: { traceId: string; spanId: string }; child: { spanId: string } }) {
  const spans = await spansOf(service);
  expect(spans).toHaveLength(2);
  const [server, client] = [spans.find((s) => s.SpanKind === 'Server')!, spans.find((s) => s.SpanKind === 'Client')!];
  expect(server).toMatchObject({
    TraceId: ids.root.traceId,
    SpanId: ids.root.spanId,
    ParentSpanId: '',
    SpanName: 'GET /orders/:id',
    ServiceName: service,
    Duration: 300_000_000,
    StatusCode: 'Error',
    StatusMessage: 'upstream timed out',
    ScopeName: 'sightline-test',
    'Events.Name': ['exception'],
    'Events.Attributes': [{ 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' }],
  });
  expect(server.ResourceAttributes).toMatchObject({ 'service.name': service, 'service.version': '1.2.3', 'cloud.region': 'cn-east-1' });
  expect(server.SpanAttributes).toEqual({
    'http.route': '/orders/:id',
    'http.response.status_code': '503',
    'app.ok': 'true',
    'app.ratio': '0.25',
    'app.tags': '["a","b"]',
  });
  expect(client).toMatchObject({ TraceId: ids.root.traceId, SpanId: ids.child.spanId, ParentSpanId: ids.root.spanId, Duration: 250_000_000 });
  expect(client.SpanAttributes['peer.service']).toBe('inventory-svc');
}

describe('OTLP/HTTP ingest with the official OpenTelemetry exporters', () => {
  it('stores exactly the spans sent by the protobuf exporter', async () => {
    const ids = await emitTrace('proto-svc', new ProtoExporter({ url: `${url}/v1/traces` }));
    await expectTraceStored('proto-svc', ids);
  });

  it('stores exactly the spans sent by the JSON exporter', async () => {
    const ids = await emitTrace('json-svc', new JsonExporter({ url: `${url}/v1/traces` }));
    await expectTraceStored('json-svc', ids);
  });

  it('accepts gzip-compressed bodies', async () => {
    const ids = await emitTrace('gzip-svc', new ProtoExporter({ url: `${url}/v1/traces`, compression: CompressionAlgorithm.GZIP }));
    await expectTraceStored('gzip-svc', ids);
  });

  it('feeds the 1-minute rollups', async () => {
    const rs = await store.client.query({
      query: `SELECT sum(Calls) AS calls, sum(Errors) AS errors FROM span_rollup_1m WHERE ServiceName = 'proto-svc' AND SpanKind = 'Server'`,
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ calls: 1, errors: 1 }]);
  });
});

const traceId = 'aa'.repeat(16);
const jsonSpan = (spanId: string, extra: Record<string, unknown> = {}) => ({
  traceId,
  spanId,
  name: 'op',
  kind: 2,
  startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
  endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
  ...extra,
});
const jsonRequest = (service: string, spans: unknown[]) =>
  JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 's' }, spans }] }],
  });

async function post(body: BodyInit, headers: Record<string, string>) {
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('OTLP/HTTP ingest error handling', () => {
  it('rejects malformed protobuf with 400 and keeps serving', async () => {
    const bad = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(bad.status).toBe(400);
    const good = await post(jsonRequest('after-bad-svc', [jsonSpan('1111111111111111')]), { 'content-type': 'application/json' });
    expect(good.status).toBe(200);
    expect(await spansOf('after-bad-svc')).toHaveLength(1);
  });

  it('rejects malformed JSON with 400 and a message', async () => {
    const res = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/JSON/i);
  });

  it('rejects unsupported content types with 415', async () => {
    const res = await post('hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text).error).toMatch(/application\/x-protobuf or application\/json/);
  });

  it('stores the valid spans of a partly invalid request and reports partial_success', async () => {
    const res = await post(
      jsonRequest('partial-svc', [jsonSpan('2222222222222222'), jsonSpan('3333333333333333', { traceId: '00'.repeat(16) })]),
      { 'content-type': 'application/json' },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).partialSuccess.rejectedSpans).toBe('1');
    expect((await spansOf('partial-svc')).map((s) => s.SpanId)).toEqual(['2222222222222222']);
  });

  it('does not count a retried request twice', async () => {
    const body = jsonRequest('retry-svc', [jsonSpan('4444444444444444'), jsonSpan('5555555555555555')]);
    const results = await Promise.all([post(body, { 'content-type': 'application/json' }), post(body, { 'content-type': 'application/json' })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(200);
    expect(await spansOf('retry-svc')).toHaveLength(2);
  });

  it('knows a stored request after a restart, from the spans themselves', async () => {
    const body = jsonRequest('restart-svc', [jsonSpan('4545454545454545'), jsonSpan('4646464646464646')]);
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(200);
    // A new listener on the same store knows only what ClickHouse holds: the hash arrived with
    // the spans' own INSERT, through the materialized view.
    const restarted = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 1000 }, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`http://127.0.0.1:${restarted.port}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(await spansOf('restart-svc')).toHaveLength(2);
      const rs = await store.client.query({
        query: `SELECT count() AS n, any(Items) AS items FROM ingest_requests WHERE Endpoint = 'traces' AND RequestHash IN
                  (SELECT DISTINCT IngestRequest FROM otel_traces WHERE ServiceName = 'restart-svc')`,
        format: 'JSONEachRow',
      });
      expect(await rs.json()).toEqual([{ n: 1, items: 2 }]);
    } finally {
      await restarted.close();
    }
  });

  it('answers 413 for bodies over 20 MiB, raw or after decompression', async () => {
    const huge = Buffer.alloc(21 * 1024 * 1024, 0x20);
    expect((await post(huge, { 'content-type': 'application/json' })).status).toBe(413);
    const bomb = gzipSync(huge);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toMatch(/decompressed/);
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const small = await startIngestServer({
      store,
      config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 1000 },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const spans = (offset: number) => Array.from({ length: 600 }, (_, i) => jsonSpan((offset + i + 1).toString(16).padStart(16, '0')));
      const [a, b] = await Promise.all(
        [0, 1000].map((offset) =>
          fetch(`http://127.0.0.1:${small.port}/v1/traces`, {
            method: 'POST',
            body: jsonRequest('queue-svc', spans(offset)),
            headers: { 'content-type': 'application/json' },
          }),
        ),
      );
      const statuses = [a!.status, b!.status].sort();
      expect(statuses).toEqual([200, 429]);
      const refused = a!.status === 429 ? a! : b!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
    expect(await spansOf('queue-svc')).toHaveLength(600);
  });

  it('requires a bearer token when tokens are configured', async () => {
    const guarded = await startIngestServer({
      store,
      config: { SIGHTLINE_INGEST_TOKENS: ['s3cret'], SIGHTLINE_INGEST_QUEUE_ROWS: 1000 },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const target = `http://127.0.0.1:${guarded.port}/v1/traces`;
      const body = jsonRequest('auth-svc', [jsonSpan('6666666666666666')]);
      const denied = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' } });
      expect(denied.status).toBe(401);
      expect(await spansOf('auth-svc')).toHaveLength(0);
      const allowed = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' } });
      expect(allowed.status).toBe(200);
      expect(await spansOf('auth-svc')).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });

  it('drops clients that stall in their headers or body', async () => {
    const strict = await startIngestServer({
      store,
      config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 1000 },
      host: '127.0.0.1',
      port: 0,
      clientTimeoutsMs: { headers: 600, request: 1200 },
    });
    try {
      const { connect } = await import('node:net');
      const stall = (request: string) =>
        new Promise<string>((resolve) => {
          let answer = '';
          const socket = connect(strict.port, '127.0.0.1', () => socket.write(request));
          socket.on('data', (d) => (answer += d.toString()));
          socket.on('close', () => resolve(answer));
          socket.on('error', () => undefined);
        });
      const [headers, body] = await Promise.all([
        stall('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: appl'),
        stall('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceSpans":'),
      ]);
      // Each promise resolves only when the server closes the stalled socket.
      for (const answer of [headers, body]) expect(answer).toMatch(/^HTTP\/1\.1 408|^$/);
      // The listener itself is unaffected.
      const ok = await fetch(`http://127.0.0.1:${strict.port}/healthz`);
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('limits each token to its request rate with 429 and Retry-After, leaving other tokens alone', async () => {
    const limited = await startIngestServer({
      store,
      config: { SIGHTLINE_INGEST_TOKENS: ['fast', 'calm'], SIGHTLINE_INGEST_QUEUE_ROWS: 1000, SIGHTLINE_INGEST_RATE_LIMIT: 0.5 },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const target = `http://127.0.0.1:${limited.port}/v1/traces`;
      const post = (token: string, spanId: string) =>
        fetch(target, {
          method: 'POST',
          body: jsonRequest('rate-svc', [jsonSpan(spanId)]),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        });
      // Burst of 1 (twice the rate of 0.5/s): the second request within the second is refused.
      expect((await post('fast', '7777777777777701')).status).toBe(200);
      const refused = await post('fast', '7777777777777702');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as { error: string }).error).toMatch(/rate limit of 0.5 requests\/s/);
      expect((await post('calm', '7777777777777703')).status).toBe(200);
      expect((await spansOf('rate-svc')).map((s) => s.SpanId).sort()).toEqual(['7777777777777701', '7777777777777703']);
    } finally {
      await limited.close();
    }
  });

  it('serves health and Prometheus metrics', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', clickhouse: 'embedded' });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/sightline_ingest_accepted_items_total\{endpoint="traces"\} \d+/);
    expect(text).toMatch(/sightline_ingest_retried_requests_total\{endpoint="traces"\} [1-9]/);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/v1/traces`)).status).toBe(405);
  });
});

describe('Faro RUM ingest', () => {
  it('stores web vitals from a Faro payload and answers 202', async () => {
    const payload = {
      meta: { app: { name: 'sightline' }, page: { url: 'http://localhost:3000/traces' }, session: { id: 'sess-1' } },
      measurements: [
        { type: 'web-vitals', values: { lcp: 812.5, delta: 3 }, timestamp: new Date().toISOString() },
        { type: 'web-vitals', values: { cls: 0.02 }, timestamp: new Date().toISOString() },
      ],
      exceptions: [{ type: 'TypeError', value: 'x is undefined', timestamp: new Date().toISOString() }],
    };
    const res = await fetch(`${url}/collect`, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    const rs = await store.client.query({
      query: `SELECT Kind, Name, Value, Page, SessionId FROM rum_events ORDER BY Kind, Name`,
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { Kind: 'exception', Name: 'TypeError', Value: 1, Page: 'http://localhost:3000/traces', SessionId: 'sess-1' },
      { Kind: 'web-vitals', Name: 'cls', Value: 0.02, Page: 'http://localhost:3000/traces', SessionId: 'sess-1' },
      { Kind: 'web-vitals', Name: 'lcp', Value: 812.5, Page: 'http://localhost:3000/traces', SessionId: 'sess-1' },
    ]);
  });

  it('rejects a payload of the wrong shape with 400 naming the field', async () => {
    const res = await fetch(`${url}/collect`, { method: 'POST', body: JSON.stringify({ measurements: [{ type: 'web-vitals', values: { lcp: 'fast' } }] }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/measurements\.0\.values\.lcp/);
  });
});
