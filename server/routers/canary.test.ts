import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode } from '@opentelemetry/core';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { canaryConfig } from '../canary/canary-config';
import { normalQuantile } from '../canary/normal-distribution';
import { markReady } from '../health';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

/**
 * Synthetic services with known canaries go through the real OTLP ingest (official SDK and
 * protobuf exporter), 20 minutes ago to 2 minutes ago, baseline and canary interleaved:
 *   shift-svc   1.0.0 ×1000 vs 1.1.0 (deployment.role=canary) ×200 at 1.5× the latency → rollback
 *               (+ 50 canary requests in a region the baseline does not serve: left out)
 *   steady-svc  2.0.0 ×1000 vs 2.1.0 (unmarked, newer minority) ×200, same latency, 1 % errors
 *               of the same kind on both sides → promote
 *   error-svc   3.0.0 ×1000 with 2 psp_gateway_error vs 3.1.0 (canary) ×200 with 10 redis_timeout → rollback
 *   quiet-svc   4.0.0 ×500 vs 4.1.0 (canary) ×30 → inconclusive
 * Latencies are log-normal (median 40 ms, σ 0.4) at evenly spread quantiles, so the sides are
 * the same distribution except where a shift is intended.
 */

const M = 60_000;
const minute = Math.floor(Date.now() / M) * M;
const START = minute - 20 * M;
const SPAN_MS = 18 * M;

interface Side {
  service: string;
  version: string;
  canary?: boolean;
  region?: string;
  count: number;
  scale?: number;
  errors?: { every: number; type: string };
}

const SIDES: Side[] = [
  { service: 'shift-svc', version: '1.0.0', count: 1000 },
  { service: 'shift-svc', version: '1.1.0', canary: true, count: 200, scale: 1.5 },
  { service: 'shift-svc', version: '1.1.0', canary: true, region: 'cn-west-9', count: 50, scale: 5 },
  { service: 'steady-svc', version: '2.0.0', count: 1000, errors: { every: 100, type: 'mysql_error' } },
  { service: 'steady-svc', version: '2.1.0', count: 200, errors: { every: 100, type: 'mysql_error' } },
  { service: 'error-svc', version: '3.0.0', count: 1000, errors: { every: 500, type: 'psp_gateway_error' } },
  { service: 'error-svc', version: '3.1.0', canary: true, count: 200, errors: { every: 20, type: 'redis_timeout' } },
  { service: 'quiet-svc', version: '4.0.0', count: 500 },
  { service: 'quiet-svc', version: '4.1.0', canary: true, count: 30 },
];

async function sendThroughOtlp(url: string): Promise<void> {
  const memory = new InMemorySpanExporter();
  const providers: BasicTracerProvider[] = [];
  for (const side of SIDES) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': side.service,
        'service.version': side.version,
        'cloud.region': side.region ?? 'cn-east-1',
        ...(side.canary ? { 'deployment.role': 'canary' } : side.version.endsWith('.0.0') ? { 'deployment.role': 'stable' } : {}),
      }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    providers.push(provider);
    const tracer = provider.getTracer('canary-test');
    for (let i = 0; i < side.count; i++) {
      // Golden-ratio order spreads the quantiles evenly over time on both sides.
      const u = (((i * 0.618033988749895) % 1) * side.count + 0.5) / (side.count + 1);
      const durationMs = 40 * Math.exp(0.4 * normalQuantile(Math.min(0.999, Math.max(0.001, u)))) * (side.scale ?? 1);
      const startMs = START + Math.floor((i * SPAN_MS) / side.count);
      const bad = side.errors !== undefined && i % side.errors.every === side.errors.every - 1;
      const span = tracer.startSpan('payment.Pay/Pay', {
        kind: SpanKind.SERVER,
        startTime: startMs,
        attributes: { 'rpc.system': 'grpc', 'rpc.grpc.status_code': bad ? 13 : 0, ...(bad ? { 'error.type': side.errors!.type } : {}) },
      });
      if (bad) span.setStatus({ code: SpanStatusCode.ERROR, message: `${side.errors!.type} on request ${i}` });
      span.end(startMs + durationMs);
    }
  }
  const spans: ReadableSpan[] = memory.getFinishedSpans();
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  for (let i = 0; i < spans.length; i += 2000) {
    const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(spans.slice(i, i + 2000), resolve));
    expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
  }
  await exporter.shutdown();
  for (const p of providers) await p.shutdown();
}

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  caller = appRouter.createCaller({ store, user: TEST_ADMIN });
  markReady();
  await canaryConfig({}); // the default thresholds the expectations below are computed for
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  await sendThroughOtlp(`http://127.0.0.1:${ingest.port}`);
}, 120_000);

afterAll(async () => {
  await ingest?.close();
  await cleanup?.();
});

const metric = <T extends { metrics: Array<{ id: string }> }>(c: T, id: string) => c.metrics.find((m) => m.id === id) as T['metrics'][number] & Record<string, unknown>;

describe('canary.list over spans sent through OTLP', () => {
  it('finds the four canaries and orders the ones needing action first', async () => {
    const list = await caller.canary.list({ from: 'now-1h', to: 'now' });
    expect(list.map((c) => [c.service, c.baselineVersion, c.canaryVersion, c.detectedBy, c.verdict])).toEqual([
      ['error-svc', '3.0.0', '3.1.0', 'deployment.role', 'rollback'],
      ['shift-svc', '1.0.0', '1.1.0', 'deployment.role', 'rollback'],
      ['quiet-svc', '4.0.0', '4.1.0', 'deployment.role', 'inconclusive'],
      ['steady-svc', '2.0.0', '2.1.0', 'minority-newer-version', 'promote'],
    ]);
  });

  it('a 1.5× latency shift in the canary is rolled back on p90, with Mann-Whitney and Hodges–Lehmann evidence', async () => {
    const c = (await caller.canary.list()).find((x) => x.service === 'shift-svc')!;
    // The 50 requests in a region without baseline traffic are not compared.
    expect(c.requests).toEqual({ canary: 200, baseline: 1000 });
    const p90 = metric(c, 'latencyP90');
    expect(p90.classification).toBe('High');
    expect(p90.comparison?.value).toBeGreaterThan(1.4);
    expect(p90.comparison?.value).toBeLessThan(1.6);
    expect(p90.pValue).toBeLessThan(1e-9);
    // Median 40 ms × 0.5 = 20 ms shift; the interval holds it and excludes 0.
    expect(p90.shiftMs).toBeGreaterThan(16);
    expect(p90.shiftMs).toBeLessThan(24);
    expect(p90.ci!.low).toBeGreaterThan(0);
    expect(p90.ci!.low).toBeLessThan(p90.shiftMs as number);
    expect(p90.ci!.high).toBeGreaterThan(p90.shiftMs as number);
    expect(metric(c, 'errorRate')).toMatchObject({ classification: 'Pass', canary: 0, baseline: 0 });
    expect(c.score).toBeCloseTo(60, 9); // latency p50, p90, p99 (weights 1+2+1) fail out of 10
    expect(c.reason).toMatch(/^Roll back: the score 60 is below 75 \(latency p50, latency p90, latency p99 failed\); p90 latency is 1\.\d\d× the baseline's, over 1\.30×\.$/);
  });

  it('the same distribution on both sides is promoted', async () => {
    const c = (await caller.canary.list()).find((x) => x.service === 'steady-svc')!;
    expect(c.requests).toEqual({ canary: 200, baseline: 1000 });
    expect(c.score).toBe(100);
    expect(c.metrics.every((m) => m.classification === 'Pass')).toBe(true);
    expect(metric(c, 'errorRate')).toMatchObject({ canary: 0.01, baseline: 0.01 });
    expect(metric(c, 'errorNovelty')).toMatchObject({ canary: 0 });
    expect(metric(c, 'latencyP90').comparison?.value).toBeGreaterThan(0.9);
    expect(metric(c, 'latencyP90').comparison?.value).toBeLessThan(1.1);
    expect(metric(c, 'latencyP90').pValue).toBeGreaterThan(0.3);
    expect(metric(c, 'throughputShare').canary).toBeCloseTo(200 / 1200, 12);
  });

  it('more 5xx and a new error signature: score 0 and rollback', async () => {
    const c = (await caller.canary.list()).find((x) => x.service === 'error-svc')!;
    expect(c.score).toBe(0);
    expect(metric(c, 'errorRate')).toMatchObject({ classification: 'High', critical: true, canary: 0.05, baseline: 0.002 });
    expect(metric(c, 'errorRate').pValue).toBeLessThan(1e-6);
    expect(metric(c, 'errorNovelty')).toMatchObject({ classification: 'High', canary: 1 });
    expect(c.novelSignatures).toEqual([{ signature: 'redis_timeout', count: 10 }]);
    expect(c.reason).toMatch(/^Roll back: the error rate is 5 % against 0\.2 % \(\+4\.8 pp, p < 0\.001\), a critical failure; 100 % of canary errors have signatures the baseline never shows \(most often redis_timeout\), at least 8 %\.$/);
  });

  it('too few canary requests are inconclusive', async () => {
    const c = (await caller.canary.list()).find((x) => x.service === 'quiet-svc')!;
    expect(c).toMatchObject({ verdict: 'inconclusive', score: null, requests: { canary: 30, baseline: 500 } });
    expect(c.reason).toBe('Too little traffic to judge: canary 30 requests, at least 50 needed on each side.');
  });
});

describe('canary.get', () => {
  it('agrees with the list and adds error rates, latency distributions and the verdict history', async () => {
    const d = await caller.canary.get({ service: 'error-svc', from: 'now-1h', to: 'now' });
    expect(d).toMatchObject({ verdict: 'rollback', score: 0, canaryVersion: '3.1.0' });
    const withData = d.errorRates.filter((p) => p.canary !== null);
    expect(withData.length).toBeGreaterThan(5);
    const canaryErrors = d.errorRates.filter((p) => (p.canary ?? 0) > 0);
    expect(canaryErrors.length).toBeGreaterThan(0);
    expect(d.latency!.canary.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(d.latency!.baseline.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(d.latency!.edgesMs.length).toBe(d.latency!.canary.length + 1);
    expect(d.history.length).toBeGreaterThan(1);
    expect(d.history.length).toBeLessThanOrEqual(12);
    const last = d.history[d.history.length - 1]!;
    expect(last).toMatchObject({ verdict: 'rollback', canaryRequests: 200, baselineRequests: 1000 });
    // Before any canary traffic the verdict was inconclusive; traffic accumulates along the history.
    expect(d.history[0]!.verdict).toBe('inconclusive');
    for (let i = 1; i < d.history.length; i++) expect(d.history[i]!.canaryRequests).toBeGreaterThanOrEqual(d.history[i - 1]!.canaryRequests);
    expect(d.settings.verdict.rollback.minNovelty).toBe(0.08);
  });

  it('answers NOT_FOUND for a service not in canary, BAD_REQUEST for bad input', async () => {
    await expect(caller.canary.get({ service: 'nobody', from: 'now-1h', to: 'now' })).rejects.toThrow(/nobody is not in canary in this range/);
    await expect(caller.canary.get({ service: '', from: 'now-1h', to: 'now' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/service: must not be empty/) });
    await expect(caller.canary.get({ service: 'shift-svc', from: 'now-30d', to: 'now' })).rejects.toThrow(/at most 7 days/);
    await expect(caller.canary.list({ from: 'yesterday', to: 'now' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
