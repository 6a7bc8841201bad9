import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode } from '@opentelemetry/core';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { markReady } from '../health';
import { sloConfig } from '../slo/slo-config';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

/**
 * Spans with exactly known bad counts go through the real OTLP ingest (official SDK and
 * protobuf exporter); slo.list and slo.get must return the hand-computed numbers.
 *
 * Service slo-probe, SERVER spans (minute = the minute now falls in):
 *   A  minute − 2 min: 1000 requests; 37 bad (20 status ERROR, 10 HTTP 503, 7 gRPC 14), plus 5
 *      HTTP 404 and 1 gRPC 5 that are not bad; 12 of the good ones take 400 ms, 3 take exactly
 *      300 ms (not slower than 300 ms). Requests 0–499 are POST /api/pay (all 37 bad among them).
 *   B  minute − 40 min: 2000 requests, 10 bad, none slow.
 *   C  minute − 2 days: 7000 requests, none bad, 50 slow.
 *   D  minute − 10 days: 10 000 requests, 100 bad (exactly 99 % good), none slow.
 * plus 100 CLIENT spans, all failing, which are calls made, not requests served.
 *
 * Availability (99.9 %, budget 0.001), bad/total per window:
 *   5m, 30m: 37/1000 → burn 37;  1h, 6h, 1d: 47/3000 → 15.6667;  3d: 47/10 000 → 4.7
 *   28d: 147/20 000 → SLI 0.99265, budget remaining 1 − 7.35 = −6.35; page (1h and 5m > 13.44).
 * Latency ≤ 300 ms (99 %, budget 0.01), slow/total:
 *   5m, 30m: 12/1000 → 1.2;  1h..1d: 12/3000 → 0.4;  3d: 62/10 000 → 0.62
 *   28d: 62/20 000 → SLI 0.9969, budget 0.69; no alert (3d 0.62 < 0.9333).
 */

const M = 60_000;
const DAY = 86_400_000;
const minute = Math.floor(Date.now() / M) * M;

const SLO_FILE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: pay-availability
spec:
  service: slo-probe
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Sightline
            spec: { sli: availability, route: POST /api/pay }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: probe-minutes
spec:
  service: slo-probe
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Sightline
            spec: { sli: availability }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives: [{ target: 0.9, timeSliceTarget: 0.99 }]
`;

interface Req {
  ms: number;
  bad?: 'status' | 'http' | 'grpc';
  durationMs?: number;
  route?: string;
  attributes?: Attributes;
}

function group(startMs: number, count: number, spacingMs: number, each: (i: number) => Omit<Req, 'ms'>): Req[] {
  return Array.from({ length: count }, (_, i) => ({ ms: startMs + i * spacingMs, ...each(i) }));
}

function requests(): Req[] {
  const a = group(minute - 2 * M, 1000, 50, (i) => {
    const route = i < 500 ? 'POST /api/pay' : 'GET /api/cart';
    if (i < 20) return { route, bad: 'status' };
    if (i < 30) return { route, bad: 'http' };
    if (i < 37) return { route, bad: 'grpc' };
    if (i < 42) return { route, attributes: { 'http.response.status_code': 404 } };
    if (i === 42) return { route, attributes: { 'rpc.grpc.status_code': 5 } };
    if (i >= 600 && i < 612) return { route, durationMs: 400 };
    if (i >= 700 && i < 703) return { route, durationMs: 300 };
    return { route };
  });
  const b = group(minute - 40 * M, 2000, 25, (i) => ({ route: 'GET /api/cart', bad: i < 10 ? 'http' : undefined }));
  const c = group(minute - 2 * DAY, 7000, 8, (i) => ({ route: 'GET /api/cart', durationMs: i < 50 ? 1500 : undefined }));
  const d = group(minute - 10 * DAY, 10_000, 5, (i) => ({ route: 'GET /api/cart', bad: i < 100 ? 'status' : undefined }));
  return [...a, ...b, ...c, ...d];
}

/** Builds the spans with the official SDK, then ships them with the official OTLP exporter. */
async function sendThroughOtlp(url: string): Promise<void> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'slo-probe', 'cloud.region': 'cn-east-1' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('slo-test');
  for (const r of requests()) {
    const attributes: Attributes = { 'http.route': r.route ?? '/', 'http.response.status_code': 200, ...r.attributes };
    if (r.bad === 'http') attributes['http.response.status_code'] = 503;
    if (r.bad === 'grpc') attributes['rpc.grpc.status_code'] = 14;
    const span = tracer.startSpan(r.route ?? 'GET /', { kind: SpanKind.SERVER, startTime: r.ms, attributes });
    if (r.bad === 'status') span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end(r.ms + (r.durationMs ?? 20));
  }
  for (let i = 0; i < 100; i++) {
    const span = tracer.startSpan('inventory.Inventory/Reserve', { kind: SpanKind.CLIENT, startTime: minute - 2 * M + i, attributes: { 'peer.service': 'inventory-svc' } });
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(minute - 2 * M + i + 900);
  }
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  for (let i = 0; i < spans.length; i += 5000) {
    const batch: ReadableSpan[] = spans.slice(i, i + 5000);
    const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(batch, resolve));
    expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
  }
  await exporter.shutdown();
  await provider.shutdown();
}

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let dir: string;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  caller = appRouter.createCaller({ store, user: TEST_ADMIN });
  markReady();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-slo-'));
  await writeFile(path.join(dir, 'sightline.slo.yaml'), SLO_FILE);
  // The process-wide SLO configuration is read once; read it from this test's file.
  await sloConfig({ SIGHTLINE_SLO_CONFIG: path.join(dir, 'sightline.slo.yaml') });
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  await sendThroughOtlp(`http://127.0.0.1:${ingest.port}`);
});

afterAll(async () => {
  await ingest?.close();
  await cleanup?.();
  await rm(dir, { recursive: true, force: true });
});

const byId = async () => new Map((await caller.slo.list()).map((s) => [s.id, s]));

describe('slo.list over spans sent through OTLP', () => {
  it('availability: SLI, budget and every burn rate to 4 decimal places', async () => {
    const s = (await byId()).get('slo-probe-availability')!;
    expect(s).toMatchObject({ service: 'slo-probe', sli: 'availability', objective: 0.999, source: 'default', alert: 'page', budgetingMethod: 'Occurrences' });
    expect(s.events).toEqual({ total: 20_000, bad: 147 });
    expect(s.sliValue).toBeCloseTo(0.99265, 4);
    expect(s.errorBudgetRemaining).toBeCloseTo(-6.35, 4);
    expect(s.burnRates['5m']).toBeCloseTo(37, 4);
    expect(s.burnRates['30m']).toBeCloseTo(37, 4);
    expect(s.burnRates['1h']).toBeCloseTo(15.6667, 4);
    expect(s.burnRates['6h']).toBeCloseTo(15.6667, 4);
    expect(s.burnRates['1d']).toBeCloseTo(15.6667, 4);
    expect(s.burnRates['3d']).toBeCloseTo(4.7, 4);
    expect(s.timeToExhaustionHours).toBe(0);
    expect(s.window).toMatchObject({ kind: 'rolling', duration: '28d', label: 'rolling 28 days', periodMs: 28 * DAY });
    expect(s.alertRules.map((r) => [r.threshold.toFixed(4), r.firing])).toEqual([
      ['13.4400', true],
      ['5.6000', true],
      ['0.9333', true],
    ]);
    // The page began with minute A: before it the hour held only B (10/2000 → burn 5).
    expect(s.alertSinceMs).toBe(minute - 2 * M);
    expect(s.alertSinceBeforeRange).toBe(false);
    expect(s.badSpans).toMatchObject({ service: 'slo-probe', kind: 'Server', status: 'error' });
  });

  it('latency: requests strictly slower than 300 ms are bad', async () => {
    const s = (await byId()).get('slo-probe-latency')!;
    expect(s).toMatchObject({ sli: 'latency', thresholdMs: 300, objective: 0.99, alert: 'none', alertSinceMs: null });
    expect(s.events).toEqual({ total: 20_000, bad: 62 });
    expect(s.sliValue).toBeCloseTo(0.9969, 4);
    expect(s.errorBudgetRemaining).toBeCloseTo(0.69, 4);
    expect(s.burnRates['5m']).toBeCloseTo(1.2, 4);
    expect(s.burnRates['30m']).toBeCloseTo(1.2, 4);
    expect(s.burnRates['1h']).toBeCloseTo(0.4, 4);
    expect(s.burnRates['1d']).toBeCloseTo(0.4, 4);
    expect(s.burnRates['3d']).toBeCloseTo(0.62, 4);
    // 0.69 × 672 h / 0.4 (the 1h burn).
    expect(s.timeToExhaustionHours).toBeCloseTo(1159.2, 4);
    expect(s.badSpans).toMatchObject({ minDurationMs: 300.000001 });
    expect(s.badSpans.status).toBeUndefined();
  });

  it('a file SLO with a route filter counts only that operation', async () => {
    const s = (await byId()).get('pay-availability')!;
    expect(s).toMatchObject({ route: 'POST /api/pay', source: 'file', objective: 0.99, window: { duration: '7d', periodMs: 7 * DAY } });
    expect(s.events).toEqual({ total: 500, bad: 37 });
    expect(s.sliValue).toBeCloseTo(0.926, 4);
    expect(s.burnRates['5m']).toBeCloseTo(7.4, 4);
    expect(s.burnRates['3d']).toBeCloseTo(7.4, 4);
    expect(s.badSpans).toMatchObject({ operation: 'POST /api/pay' });
  });

  it('Timeslices: a minute is good when 99 % of its requests are (D is exactly 99 %)', async () => {
    const s = (await byId()).get('probe-minutes')!;
    expect(s.budgetUnits).toEqual({ total: 4, bad: 1 });
    expect(s.sliValue).toBeCloseTo(0.75, 4);
    expect(s.errorBudgetRemaining).toBeCloseTo(-1.5, 4);
    expect(s.burnRates['5m']).toBeCloseTo(10, 4);
    expect(s.burnRates['1h']).toBeCloseTo(5, 4);
    expect(s.burnRates['3d']).toBeCloseTo(3.3333, 4);
  });

  it('sorts by budget remaining, most spent first', async () => {
    const list = await caller.slo.list();
    // pay-availability: 1 − 0.074/0.01 = −6.4 is below availability's −6.35.
    expect(list.map((s) => [s.id, s.errorBudgetRemaining?.toFixed(2)])).toEqual([
      ['pay-availability', '-6.40'],
      ['slo-probe-availability', '-6.35'],
      ['probe-minutes', '-1.50'],
      ['slo-probe-latency', '0.69'],
    ]);
  });
});

describe('slo.get', () => {
  it('agrees with slo.list and draws the alert timeline minute by minute', async () => {
    const list = await byId();
    for (const id of ['slo-probe-availability', 'slo-probe-latency', 'pay-availability', 'probe-minutes']) {
      const d = await caller.slo.get({ id, from: 'now-1h', to: 'now' });
      const s = list.get(id)!;
      expect(d.sliValue, id).toBeCloseTo(s.sliValue!, 12);
      expect(d.errorBudgetRemaining, id).toBeCloseTo(s.errorBudgetRemaining!, 12);
      for (const w of ['5m', '30m', '1h', '6h', '1d', '3d'] as const) expect(d.burnRates[w], `${id} ${w}`).toBeCloseTo(s.burnRates[w]!, 12);
      expect(d.alert, id).toBe(s.alert);
    }
    const d = await caller.slo.get({ id: 'slo-probe-availability', from: 'now-1h', to: 'now' });
    const last = d.alertSegments[d.alertSegments.length - 1]!;
    expect(last).toEqual({ state: 'page', startMs: minute - 2 * M, endMs: d.range.toMs });
    // Before A: from minute B on, 6h = 10/2000 → 5 and 3d = 10/9000 → 1.11 both exceed 0.9333: a ticket.
    expect(d.alertSegments.slice(-3)).toEqual([
      { state: 'none', startMs: d.range.fromMs, endMs: minute - 40 * M },
      { state: 'ticket', startMs: minute - 40 * M, endMs: minute - 2 * M },
      last,
    ]);
    expect(d.history.length).toBeGreaterThan(1);
    expect(d.history[d.history.length - 1]).toMatchObject({ t: d.range.toMs, alert: 'page' });
    expect(d.history[d.history.length - 1]!.burnRates['1h']).toBeCloseTo(15.6667, 4);
  });

  it('answers NOT_FOUND for unknown ids and refuses over-long ranges', async () => {
    await expect(caller.slo.get({ id: 'nobody-availability', from: 'now-1h', to: 'now' })).rejects.toThrow(/No SLO "nobody-availability"/);
    await expect(caller.slo.get({ id: 'nope', from: 'now-1h', to: 'now' })).rejects.toThrow(/No SLO "nope"/);
    await expect(caller.slo.get({ id: 'slo-probe-availability', from: 'now-40d', to: 'now' })).rejects.toThrow(/at most 35 days/);
  });
});
