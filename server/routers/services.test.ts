import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../clickhouse/test-store';
import type { SpanRow } from '../../ingest/span-row';
import { baseMinute, insertSpans, span } from '../testing/span-fixture';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

const HOSTILE = "'); DROP TABLE otel_traces; --";
const base = baseMinute(30);
const range = { from: base, to: base + 10 * 60_000 };

/**
 * checkout: 100 SERVER spans over minutes 0–4 (20 a minute), 10 of them 500 ms and 90 of them
 * 10 ms. Bad by the SPEC §4 rule: 2 status Error, 2 HTTP 503, 1 HTTP 500, 2 gRPC 14, 1 gRPC 4
 * = 8. Not bad: HTTP 404, status Ok, gRPC 5 (NOT_FOUND).
 */
function checkoutServerSpans(): SpanRow[] {
  const rows: SpanRow[] = [];
  for (let i = 0; i < 100; i++) {
    const http = i < 60;
    const attributes: Record<string, string> = http
      ? { 'http.route': '/api/checkout', 'http.request.method': 'POST', 'http.response.status_code': '200' }
      : { 'rpc.system': 'grpc', 'rpc.method': 'Pay', 'rpc.grpc.status_code': '0' };
    let status: SpanRow['StatusCode'] = 'Unset';
    if (i === 0 || i === 1) status = 'Error';
    if (i === 2 || i === 3) attributes['http.response.status_code'] = '503';
    if (i === 4) attributes['http.response.status_code'] = '500';
    if (i === 5) attributes['http.response.status_code'] = '404';
    if (i === 6) status = 'Ok';
    if (i === 60 || i === 61) attributes['rpc.grpc.status_code'] = '14';
    if (i === 62) attributes['rpc.grpc.status_code'] = '4';
    if (i === 63) attributes['rpc.grpc.status_code'] = '5';
    rows.push(
      span({
        ms: base + Math.floor(i / 20) * 60_000 + (i % 20) * 1000 + 500,
        service: 'checkout',
        name: http ? 'POST /api/checkout' : 'checkout.Checkout/Pay',
        durationMs: i % 10 === 9 ? 500 : 10,
        status,
        attributes,
        resource: {
          'cloud.region': i % 10 < 7 ? 'cn-east-1' : 'cn-north-1',
          'cloud.availability_zone': i % 10 < 7 ? 'cn-east-1a' : 'cn-north-1a',
          'service.version': i >= 80 ? '1.1.0' : '1.0.0',
          'deployment.role': i >= 80 ? 'canary' : 'stable',
        },
      }),
    );
  }
  return rows;
}

function otherSpans(): SpanRow[] {
  const rows: SpanRow[] = [];
  // checkout calls payment 5 times, one failing: a dependency, not part of checkout's own stats.
  for (let i = 0; i < 5; i++) {
    rows.push(
      span({
        ms: base + 90_000 + i * 1000,
        service: 'checkout',
        kind: 'Client',
        name: 'payment.Payment/Charge',
        durationMs: 40,
        status: i === 0 ? 'Error' : 'Unset',
        attributes: { 'peer.service': 'payment' },
      }),
    );
  }
  // api-gateway calls checkout 4 times.
  for (let i = 0; i < 4; i++) {
    rows.push(span({ ms: base + 30_000 + i * 1000, service: 'api-gateway', kind: 'Client', durationMs: 15, attributes: { 'peer.service': 'checkout' } }));
  }
  // payment: 30 SERVER spans, 20 ms, none bad.
  for (let i = 0; i < 30; i++) {
    rows.push(span({ ms: base + 120_000 + i * 1000, service: 'payment', name: 'payment.Payment/Charge', durationMs: 20 }));
  }
  // Outside the range on both sides: must not be counted.
  rows.push(span({ ms: base - 120_000, service: 'checkout', durationMs: 10 }));
  rows.push(span({ ms: base + 15 * 60_000, service: 'checkout', durationMs: 10, status: 'Error' }));
  // A service whose name is an injection attempt is just a name.
  for (let i = 0; i < 3; i++) rows.push(span({ ms: base + 200_000 + i * 1000, service: HOSTILE, durationMs: 7 }));
  return rows;
}

let ctx: Awaited<ReturnType<typeof openTestStore>>;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ctx = await openTestStore();
  caller = appRouter.createCaller({ store: ctx.store, user: TEST_ADMIN });
  await insertSpans(ctx.store, [...checkoutServerSpans(), ...otherSpans()]);
});

afterAll(async () => {
  await ctx?.cleanup();
});

describe('services.list', () => {
  it('returns exact counts, rates and percentiles from the rollup', async () => {
    const list = await caller.services.list(range);
    expect(list.map((s) => s.service)).toEqual(['checkout', 'payment', HOSTILE]);
    const [checkout, payment] = list;
    expect(checkout).toMatchObject({ calls: 100, errors: 8, errorRate: 0.08, p50Ms: 10, p95Ms: 500, p99Ms: 500 });
    // The window is 10 whole minutes in the past: 600 s.
    expect(checkout!.rps).toBeCloseTo(100 / 600, 12);
    expect(payment).toMatchObject({ calls: 30, errors: 0, errorRate: 0, p50Ms: 20, p95Ms: 20, p99Ms: 20 });
    expect(payment!.rps).toBeCloseTo(30 / 600, 12);
  });

  it('gives a per-bucket rps sparkline across the whole range', async () => {
    const [checkout] = await caller.services.list(range);
    expect(checkout!.spark).toHaveLength(10);
    const perMinute = 20 / 60;
    checkout!.spark.forEach((v, i) => expect(v).toBeCloseTo(i < 5 ? perMinute : 0, 12));
  });

  it('accepts ISO strings and relative times, and is empty for a range without data', async () => {
    const iso = await caller.services.list({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() });
    expect(iso.find((s) => s.service === 'checkout')?.calls).toBe(100);
    expect(await caller.services.list({ from: base - 3 * 86_400_000, to: base - 2 * 86_400_000 })).toEqual([]);
    const live = await caller.services.list({ from: 'now-1h', to: 'now' });
    // The last hour also holds the two checkout spans placed just outside the fixed range.
    expect(live.find((s) => s.service === 'checkout')?.calls).toBe(102);
  });
});

describe('services.get', () => {
  it('breaks one service down by operation, dependency, caller, region and version', async () => {
    const d = await caller.services.get({ service: 'checkout', ...range });
    expect(d.totals).toMatchObject({ calls: 100, errors: 8, p50Ms: 10, p95Ms: 500 });
    expect(d.bucketSeconds).toBe(60);
    expect(d.window).toEqual({ fromMs: range.from, toMs: range.to, seconds: 600 });
    expect(d.operations.map((o) => [o.operation, o.calls, o.errors])).toEqual([
      ['/api/checkout', 60, 5],
      ['checkout.Checkout/Pay', 40, 3],
    ]);
    expect(d.dependencies.map((o) => [o.peerService, o.calls, o.errors, o.p50Ms])).toEqual([['payment', 5, 1, 40]]);
    expect(d.callers.map((o) => [o.service, o.calls, o.errors])).toEqual([['api-gateway', 4, 0]]);
    expect(d.regions.map((r) => [r.region, r.az, r.calls])).toEqual([
      ['cn-east-1', 'cn-east-1a', 70],
      ['cn-north-1', 'cn-north-1a', 30],
    ]);
    expect(d.versions.map((v) => [v.version, v.role, v.calls, v.firstSeenMs, v.lastSeenMs])).toEqual([
      ['1.0.0', 'stable', 80, base, base + 4 * 60_000],
      ['1.1.0', 'canary', 20, base + 4 * 60_000, base + 5 * 60_000],
    ]);
  });

  it('returns a dense per-minute series with gaps, not zeros, for error rate and latency', async () => {
    const d = await caller.services.get({ service: 'checkout', ...range });
    expect(d.series).toHaveLength(10);
    expect(d.series.map((p) => p.t)).toEqual(Array.from({ length: 10 }, (_, i) => base + i * 60_000));
    expect(d.series.map((p) => p.calls)).toEqual([20, 20, 20, 20, 20, 0, 0, 0, 0, 0]);
    // Minute 0 holds i = 0..19: Error ×2, 503 ×2, 500 ×1 = 5 bad. Minute 3 holds gRPC 14 ×2 and 4 ×1.
    expect(d.series.map((p) => p.errors)).toEqual([5, 0, 0, 3, 0, 0, 0, 0, 0, 0]);
    expect(d.series[0]!.errorRate).toBe(0.25);
    expect(d.series[0]!.rps).toBeCloseTo(20 / 60, 12);
    expect(d.series[0]!.p95Ms).toBe(500);
    expect(d.series[7]).toMatchObject({ calls: 0, rps: 0, errorRate: null, p95Ms: null });
  });

  it('treats a hostile service name as plain data', async () => {
    const d = await caller.services.get({ service: HOSTILE, ...range });
    expect(d.totals.calls).toBe(3);
    const rs = await ctx.store.client.query({ query: 'SELECT count() AS n FROM otel_traces', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: number }>())[0]!.n)).toBe(checkoutServerSpans().length + otherSpans().length);
  });

  it('is empty, not an error, for a service without spans in the range', async () => {
    const d = await caller.services.get({ service: 'nobody', ...range });
    expect(d.totals).toMatchObject({ calls: 0, errors: 0, p95Ms: null });
    expect(d.operations).toEqual([]);
    expect(d.series.every((p) => p.calls === 0)).toBe(true);
  });
});

describe('time range validation', () => {
  it('rejects from >= to with BAD_REQUEST and a clear message', async () => {
    await expect(caller.services.list({ from: range.to, to: range.from })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Invalid input: to: "from" must be before "to"',
    });
  });

  it('rejects ranges over 400 days', async () => {
    await expect(caller.services.list({ from: 'now-401d', to: 'now' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Invalid input: to: the time range spans 401 days; at most 400 days are allowed',
    });
  });

  it('rejects unparseable times and empty service names', async () => {
    await expect(caller.services.list({ from: 'yesterday', to: 'now' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.services.get({ service: '  ', ...range })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Invalid input: service: must not be empty',
    });
  });
});
