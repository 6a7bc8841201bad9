import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
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
 * Spans with known regions, AZs and units go through the real OTLP ingest (official SDK and
 * protobuf exporter); the regions procedures must return the hand-computed cells and shares.
 * All spans lie in minutes M and M+1, M = 30 minutes ago; the range is M−10m … M+10m (1200 s).
 *
 * Requests: alpha@east-1a 40 roots (38 unit-east, 2 unit-north → violations), each calling beta:
 *   10 → beta@east-1a (minute M), 30 → beta@east-1b (minute M+1, 4 of them fail: status ERROR).
 *   alpha@north-1a 20 roots (19 unit-north, 1 unit-mystery → unknown), each → beta@north-1a.
 *   gamma@east-1a 4 roots without a unit, each → beta@north-1a (cross-AZ and cross-region).
 *   Every alpha root also makes one DB call (a CLIENT span with no child: not an edge).
 *   hostile@<img src=x onerror=alert(1)> one root whose AZ/region are markup, stored verbatim.
 * Durations: alpha roots 50 ms, beta in east 20 ms, beta in north 400 ms.
 *
 * Heatmap (SERVER spans): beta/cn-east-1 40 calls, 4 errors (0.1), p95 20 ms, burn 0.1/0.01 = 10
 * (sightline.slo.yaml sets beta-availability to 99 %); beta/cn-north-1 24 calls, p95 400 ms;
 * alpha/cn-east-1 40, alpha/cn-north-1 20, gamma/cn-east-1 4; burn of alpha is 0 (default 99.9 %).
 * Cross-AZ: gamma→beta 4/4 = 1 (all cross-region), alpha→beta 30/60 = 0.5 (top pair 1a→1b).
 * Units: 60 requests carry a unit (the 40 + 20 alpha roots), 2 violations, 1 of an unknown unit.
 */

const M = 60_000;
const minute = Math.floor(Date.now() / M) * M - 30 * M;
const range = { from: minute - 10 * M, to: minute + 10 * M };
const HOSTILE = '<img src=x onerror=alert(1)>';

const SLO_FILE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: beta-availability
spec:
  service: beta
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Sightline
            spec: { sli: availability }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
`;

interface Place {
  service: string;
  region: string;
  az: string;
  unit?: string;
}

function tracers(memory: InMemorySpanExporter) {
  const providers: BasicTracerProvider[] = [];
  const byKey = new Map<string, Tracer>();
  const get = (p: Place): Tracer => {
    const key = `${p.service}|${p.az}`;
    let t = byKey.get(key);
    if (!t) {
      const attrs: Attributes = { 'service.name': p.service, 'cloud.region': p.region, 'cloud.availability_zone': p.az };
      if (p.unit) attrs['sightline.unit'] = p.unit;
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes(attrs), spanProcessors: [new SimpleSpanProcessor(memory)] });
      providers.push(provider);
      t = provider.getTracer('regions-test');
      byKey.set(key, t);
    }
    return t;
  };
  return { get, providers };
}

const east = (service: string, letter: string): Place => ({ service, region: 'cn-east-1', az: `cn-east-1${letter}`, unit: 'unit-east' });
const north = (service: string): Place => ({ service, region: 'cn-north-1', az: 'cn-north-1a', unit: 'unit-north' });

async function sendThroughOtlp(url: string): Promise<void> {
  const memory = new InMemorySpanExporter();
  const { get, providers } = tracers(memory);
  const root = (p: Place, at: number, unit?: string): Span =>
    get(p).startSpan('GET /api/things', { kind: SpanKind.SERVER, startTime: at, attributes: { 'http.route': '/api/things', ...(unit ? { x_unit_id: unit } : {}) } });
  const call = (from: Place, parent: Span, to: Place, at: number, durationMs: number, fail = false) => {
    const ctx = trace.setSpan(ROOT_CONTEXT, parent);
    const client = get(from).startSpan('beta.Beta/Get', { kind: SpanKind.CLIENT, startTime: at, attributes: { 'peer.service': to.service, 'rpc.system': 'grpc' } }, ctx);
    const server = get(to).startSpan('beta.Beta/Get', { kind: SpanKind.SERVER, startTime: at + 1, attributes: { 'rpc.system': 'grpc', 'rpc.method': 'Get' } }, trace.setSpan(ROOT_CONTEXT, client));
    if (fail) server.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    server.end(at + 1 + durationMs);
    client.end(at + 2 + durationMs);
  };
  const dbCall = (p: Place, parent: Span, at: number) => {
    get(p).startSpan('SELECT things', { kind: SpanKind.CLIENT, startTime: at, attributes: { 'db.system': 'mysql' } }, trace.setSpan(ROOT_CONTEXT, parent)).end(at + 2);
  };

  for (let i = 0; i < 40; i++) {
    const at = i < 10 ? minute + i * 1000 : minute + M + i * 1000;
    const a = east('alpha', 'a');
    const r = root(a, at, i < 2 ? 'unit-north' : 'unit-east');
    dbCall(a, r, at + 1);
    if (i < 10) call(a, r, east('beta', 'a'), at + 3, 20);
    else call(a, r, east('beta', 'b'), at + 3, 20, i < 14);
    r.end(at + 50);
  }
  for (let i = 0; i < 20; i++) {
    const at = minute + i * 1000;
    const a = north('alpha');
    const r = root(a, at, i === 0 ? 'unit-mystery' : 'unit-north');
    dbCall(a, r, at + 1);
    call(a, r, north('beta'), at + 3, 400);
    r.end(at + 450);
  }
  for (let i = 0; i < 4; i++) {
    const at = minute + 30_000 + i * 1000;
    const g = east('gamma', 'a');
    const r = root(g, at);
    call(g, r, north('beta'), at + 3, 400);
    r.end(at + 450);
  }
  root({ service: 'hostile', region: HOSTILE, az: HOSTILE }, minute + 5000).end(minute + 5010);

  for (const p of providers) await p.forceFlush();
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(memory.getFinishedSpans(), resolve));
  expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
  await exporter.shutdown();
  for (const p of providers) await p.shutdown();
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
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-regions-'));
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

describe('regions.heatmap', () => {
  it('has one cell per service and region that served requests, with exact counts', async () => {
    const h = await caller.regions.heatmap({ ...range, metric: 'errorRate' });
    expect(h.rows).toEqual(['alpha', 'beta', 'gamma', 'hostile']);
    expect(h.columns).toEqual([HOSTILE, 'cn-east-1', 'cn-north-1'].sort((a, b) => a.localeCompare(b)));
    expect(h.window.seconds).toBe(1200);
    const cell = (row: string, column: string) => h.cells.find((c) => c.row === row && c.column === column);
    expect(cell('beta', 'cn-east-1')).toMatchObject({ calls: 40, errors: 4, value: 0.1, errorRate: 0.1 });
    expect(cell('beta', 'cn-east-1')!.rps).toBeCloseTo(40 / 1200, 12);
    expect(cell('beta', 'cn-east-1')!.p95Ms).toBeCloseTo(20, 6);
    expect(cell('beta', 'cn-east-1')!.sloBurn).toBeCloseTo(10, 9);
    expect(cell('beta', 'cn-north-1')).toMatchObject({ calls: 24, errors: 0, value: 0, sloBurn: 0 });
    expect(cell('beta', 'cn-north-1')!.p95Ms).toBeCloseTo(400, 6);
    expect(cell('alpha', 'cn-east-1')).toMatchObject({ calls: 40, errors: 0 });
    expect(cell('alpha', 'cn-north-1')).toMatchObject({ calls: 20, errors: 0 });
    expect(cell('gamma', 'cn-east-1')).toMatchObject({ calls: 4 });
    expect(cell('gamma', 'cn-north-1')).toBeUndefined();
    expect(cell('hostile', HOSTILE)).toMatchObject({ calls: 1 });
    expect(h.cells).toHaveLength(6);
    expect([h.min, h.max]).toEqual([0, 0.1]);
    expect(h.slos.find((s) => s.service === 'beta')).toMatchObject({ sloId: 'beta-availability', objective: 0.99, sli: 'availability' });
    expect(h.slos.find((s) => s.service === 'alpha')).toMatchObject({ sloId: 'alpha-availability', objective: 0.999 });
  });

  it('colours by the chosen metric', async () => {
    const value = async (metric: 'p95' | 'rps' | 'sloBurn') =>
      (await caller.regions.heatmap({ ...range, metric })).cells.find((c) => c.row === 'beta' && c.column === 'cn-north-1')!.value;
    expect(await value('p95')).toBeCloseTo(400, 6);
    expect(await value('rps')).toBeCloseTo(24 / 1200, 12);
    expect(await value('sloBurn')).toBe(0);
    const burn = await caller.regions.heatmap({ ...range, metric: 'sloBurn' });
    expect(burn.cells.find((c) => c.row === 'beta' && c.column === 'cn-east-1')!.value).toBeCloseTo(10, 9);
  });

  it('rejects unknown metrics and bad ranges with a readable message', async () => {
    // @ts-expect-error: an invalid metric on purpose
    await expect(caller.regions.heatmap({ ...range, metric: 'p42' })).rejects.toThrow(/metric: must be one of p95, errorRate, rps, sloBurn/);
    await expect(caller.regions.heatmap({ from: range.to, to: range.from })).rejects.toThrow(/"from" must be before "to"/);
  });
});

describe('regions.azTimeline', () => {
  it('gives one cell per AZ and minute, every minute of the range a column', async () => {
    const t = await caller.regions.azTimeline({ ...range, service: 'beta', metric: 'errorRate' });
    expect(t.bucketSeconds).toBe(60);
    expect(t.columns).toHaveLength(20);
    expect(t.columns[0]).toBe(range.from);
    expect(t.rows).toEqual(['cn-east-1a', 'cn-east-1b', 'cn-north-1a']);
    expect(t.regionOfAz).toEqual({ 'cn-east-1a': 'cn-east-1', 'cn-east-1b': 'cn-east-1', 'cn-north-1a': 'cn-north-1' });
    const cells = t.cells.map((c) => [c.row, c.column - minute, c.calls, c.errors]).sort();
    expect(cells).toEqual([
      ['cn-east-1a', 0, 10, 0],
      ['cn-east-1b', M, 30, 4],
      ['cn-north-1a', 0, 24, 0],
    ]);
    const b = t.cells.find((c) => c.row === 'cn-east-1b')!;
    expect(b.value).toBeCloseTo(4 / 30, 12);
    expect(b.rps).toBeCloseTo(0.5, 12);
    expect(b.sloBurn).toBeCloseTo(4 / 30 / 0.01, 9);
    expect(t.slo).toMatchObject({ sloId: 'beta-availability', objective: 0.99 });
  });

  it('is empty for a service without requests, and refuses an empty service name', async () => {
    const t = await caller.regions.azTimeline({ ...range, service: 'nobody', metric: 'p95' });
    expect(t.cells).toEqual([]);
    expect(t.rows).toEqual([]);
    expect(t.columns).toHaveLength(20);
    await expect(caller.regions.azTimeline({ ...range, service: ' ', metric: 'p95' })).rejects.toThrow(/service: must not be empty/);
  });
});

describe('regions.crossAz', () => {
  it('joins each client span to its child server span and compares their AZs', async () => {
    const x = await caller.regions.crossAz(range);
    expect(x.edges.map((e) => [e.caller, e.callee, e.calls, e.crossAz, e.share, e.crossRegion])).toEqual([
      ['gamma', 'beta', 4, 4, 1, 4],
      ['alpha', 'beta', 60, 30, 0.5, 0],
    ]);
    expect(x.edges[1]!.topPair).toEqual({ callerAz: 'cn-east-1a', calleeAz: 'cn-east-1b', calls: 30 });
    expect(x.edges[1]!.rps).toBeCloseTo(60 / 1200, 12);
    expect(x.totals).toEqual({ calls: 64, crossAz: 34, share: 34 / 64 });
  });

  it('refuses more than 7 days of raw spans', async () => {
    await expect(caller.regions.crossAz({ from: 'now-8d', to: 'now' })).rejects.toThrow(/at most 7 days/);
  });
});

describe('regions.unitViolations', () => {
  it('counts requests served outside their unit’s region, with examples to open', async () => {
    const u = await caller.regions.unitViolations(range);
    expect(u).toMatchObject({ requests: 60, violations: 2, unknownUnitRequests: 1 });
    expect(u.share).toBeCloseTo(2 / 60, 12);
    expect(u.pairs).toEqual([{ unit: 'unit-north', home: 'cn-north-1', served: 'cn-east-1', requests: 2, share: 2 / 21 }]);
    expect(u.units.map((x) => [x.unit, x.home, x.requests, x.violations])).toEqual([
      ['unit-east', 'cn-east-1', 38, 0],
      ['unit-mystery', '', 1, 0],
      ['unit-north', 'cn-north-1', 21, 2],
    ]);
    expect(u.examples).toHaveLength(2);
    for (const e of u.examples) {
      expect(e).toMatchObject({ service: 'alpha', unit: 'unit-north', home: 'cn-north-1', served: 'cn-east-1', az: 'cn-east-1a', operation: 'GET /api/things' });
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(e.time).toBeGreaterThanOrEqual(minute);
    }
    expect(u.examples[0]!.time).toBeGreaterThan(u.examples[1]!.time);
  });
});

describe('services.get filtered by region (where a heatmap cell leads)', () => {
  it('counts only the requests served in, and the calls made from, that region', async () => {
    const d = await caller.services.get({ ...range, service: 'beta', region: 'cn-north-1' });
    expect(d.totals).toMatchObject({ calls: 24, errors: 0 });
    expect(d.regions.map((r) => [r.region, r.az, r.calls])).toEqual([['cn-north-1', 'cn-north-1a', 24]]);
    // gamma calls beta in cn-north-1 from cn-east-1, so it is not among this region's callers.
    expect(d.callers.map((c) => [c.service, c.calls])).toEqual([['alpha', 20]]);
    const all = await caller.services.get({ ...range, service: 'beta' });
    expect(all.totals.calls).toBe(64);
    expect(all.callers.map((c) => [c.service, c.calls])).toEqual([
      ['alpha', 60],
      ['gamma', 4],
    ]);
  });
});
