import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode } from '@opentelemetry/core';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { circuitsConfig } from '../circuits/circuits-config';
import { markReady } from '../health';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

/**
 * An error burst on a fresh edge, sent with the official SDK and OTLP exporter through the real
 * ingest. circuit-probe → flaky-svc, starting at t0 (two minutes ago, on a 10 s boundary):
 *   10 good calls starting t0 + i·100 ms, then 25 failing calls starting t0 + 1 s + i·100 ms,
 *   all 20 ms long; then 5 calls short-circuited by the caller's own breaker (error.type
 *   circuit_open) at t0 + 4 s.
 * Hystrix (defaults): the 10th failing call (ending t0 + 1920 ms) makes 10 of 20 = 50 % → OPEN;
 * the 15 failing calls after it fall in the 5 s sleep window (the replay would have rejected
 * them); no call comes after the window, so it is still OPEN.
 * circuit-probe → nameless-svc: 3 CLIENT calls without peer.service, whose child SERVER spans
 * are nameless-svc's.
 */

const t0 = Math.floor((Date.now() - 120_000) / 10_000) * 10_000;

function spans(): { client: ReadableSpan[]; server: ReadableSpan[] } {
  const clientMemory = new InMemorySpanExporter();
  const serverMemory = new InMemorySpanExporter();
  const clientProvider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'circuit-probe' }),
    spanProcessors: [new SimpleSpanProcessor(clientMemory)],
  });
  const serverProvider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'nameless-svc' }),
    spanProcessors: [new SimpleSpanProcessor(serverMemory)],
  });
  const tracer = clientProvider.getTracer('circuits-test');
  const call = (startMs: number, fail: boolean, extra: Record<string, string> = {}) => {
    const span = tracer.startSpan('flaky.Flaky/Get', {
      kind: SpanKind.CLIENT,
      startTime: startMs,
      attributes: { 'rpc.system': 'grpc', 'peer.service': 'flaky-svc', 'rpc.grpc.status_code': fail ? 14 : 0, ...extra },
    });
    if (fail) span.setStatus({ code: SpanStatusCode.ERROR, message: 'unavailable' });
    span.end(startMs + 20);
  };
  for (let i = 0; i < 10; i++) call(t0 + i * 100, false);
  for (let i = 0; i < 25; i++) call(t0 + 1000 + i * 100, true);
  for (let i = 0; i < 5; i++) call(t0 + 4000 + i * 10, true, { 'error.type': 'circuit_open' });
  for (let i = 0; i < 3; i++) {
    const client = tracer.startSpan('GET /things', { kind: SpanKind.CLIENT, startTime: t0 + i * 1000, attributes: { 'http.request.method': 'GET' } });
    const server = serverProvider
      .getTracer('circuits-test')
      .startSpan('GET /things', { kind: SpanKind.SERVER, startTime: t0 + i * 1000 + 1 }, trace.setSpan(ROOT_CONTEXT, client));
    server.end(t0 + i * 1000 + 9);
    client.end(t0 + i * 1000 + 10);
  }
  return { client: clientMemory.getFinishedSpans(), server: serverMemory.getFinishedSpans() };
}

async function sendThroughOtlp(url: string): Promise<void> {
  const { client, server } = spans();
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export([...client, ...server], resolve));
  expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
  await exporter.shutdown();
}

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  caller = appRouter.createCaller({ store, user: TEST_ADMIN });
  markReady();
  await circuitsConfig({}); // Hystrix defaults, whatever the working directory holds
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  await sendThroughOtlp(`http://127.0.0.1:${ingest.port}`);
});

afterAll(async () => {
  await ingest?.close();
  await cleanup?.();
});

describe('circuits.list', () => {
  it('shows the burst edge OPEN with the transition, its reason and the counts', async () => {
    const list = await caller.circuits.list({ from: 'now-15m', to: 'now' });
    const flaky = list.find((e) => e.caller === 'circuit-probe' && e.callee === 'flaky-svc')!;
    expect(flaky).toMatchObject({ state: 'OPEN', preset: 'hystrix', stateSinceMs: t0 + 1920 });
    expect(flaky.transitions).toEqual([{ atMs: t0 + 1920, from: 'CLOSED', to: 'OPEN', reason: 'error rate 50% over 20 calls in 10 s ≥ 50%' }]);
    expect(flaky.counts).toEqual({ executed: 35, success: 10, failure: 25, timeout: 0, shortCircuited: 5, slow: 0, rejected: 15 });
    expect(flaky.errorRate).toBeCloseTo(25 / 35, 12);
    expect(flaky.rps).toBeCloseTo(35 / 900, 3);
    expect(flaky.p95Ms).toBeCloseTo(20, 6);
    // Less than ten minutes of history: no baseline to score against.
    expect(flaky.riskScore).toBeNull();
    expect(flaky.segments.map((s) => s.state)).toEqual(['CLOSED', 'OPEN']);
    // Worst error rate first.
    expect(list[0]!.callee).toBe('flaky-svc');
  });

  it('finds the callee from the child SERVER span when peer.service is missing', async () => {
    const list = await caller.circuits.list({ from: 'now-15m', to: 'now' });
    const nameless = list.find((e) => e.callee === 'nameless-svc')!;
    expect(nameless).toMatchObject({ caller: 'circuit-probe', state: 'CLOSED', errorRate: 0, transitions: [] });
    expect(nameless.counts.executed).toBe(3);
  });

  it('rejects bad ranges with a readable message', async () => {
    await expect(caller.circuits.list({ from: 'now-2d', to: 'now' })).rejects.toThrow(/at most 6 hours/);
    await expect(caller.circuits.list({ from: 'now', to: 'now-1h' })).rejects.toThrow(/"from" must be before "to"/);
    await expect(caller.circuits.list({ from: 'yesterday', to: 'now' })).rejects.toThrow(/not an ISO-8601 time/);
  });

  it('replays the last hours of a longer range when asked to, as the overview does', async () => {
    const list = await caller.circuits.list({ from: 'now-7d', to: 'now', latestHours: 6 });
    expect(list.find((e) => e.callee === 'flaky-svc')).toMatchObject({ state: 'OPEN', stateSinceMs: t0 + 1920 });
    await expect(caller.circuits.list({ from: 'now-7d', to: 'now', latestHours: 7 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('circuits.edge', () => {
  it('gives the time series and the state timeline of one edge', async () => {
    const from = t0 - 60_000;
    const d = await caller.circuits.edge({ caller: 'circuit-probe', callee: 'flaky-svc', from, to: t0 + 60_000 });
    expect(d.bucketSeconds).toBe(10);
    expect(d.settings).toMatchObject({ preset: 'hystrix', requestVolumeThreshold: 20 });
    expect(d.segments).toEqual([
      { state: 'CLOSED', startMs: from, endMs: t0 + 1920 },
      { state: 'OPEN', startMs: t0 + 1920, endMs: t0 + 60_000 },
    ]);
    const burst = d.series.find((p) => p.t === t0)!;
    expect(burst).toMatchObject({ executed: 35, success: 10, failure: 25, shortCircuited: 5, rejected: 15 });
    expect(burst.rps).toBeCloseTo(3.5, 9);
    expect(d.series.filter((p) => p.executed > 0)).toHaveLength(1);
  });

  it('answers NOT_FOUND for an edge without calls', async () => {
    await expect(caller.circuits.edge({ caller: 'circuit-probe', callee: 'nobody', from: 'now-1h', to: 'now' })).rejects.toThrow(/No calls from circuit-probe to nobody/);
    await expect(caller.circuits.edge({ caller: '', callee: 'x', from: 'now-1h', to: 'now' })).rejects.toThrow(/caller: must not be empty/);
  });
});
