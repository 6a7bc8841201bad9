import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../clickhouse/test-store';
import type { SpanRow } from '../../ingest/span-row';
import { baseMinute, insertSpans, span, traceIdOf } from '../testing/span-fixture';
import { appRouter } from './app-router';
import { TEST_ADMIN } from '../testing/test-user';

const HOSTILE = "'); DROP TABLE otel_traces; --";
const base = baseMinute(30);
const range = { from: base, to: base + 10 * 60_000 };
const TRACE_A = traceIdOf(0xa);
const TRACE_C = traceIdOf(0xc);

/** gateway → checkout → payment, the payment call failing with a 502. */
function traceA(): SpanRow[] {
  const t0 = base + 1000;
  return [
    span({ ms: t0, traceId: TRACE_A, spanId: 'a000000000000001', service: 'api-gateway', name: 'POST /checkout', durationMs: 120,
      attributes: { 'http.route': '/checkout', 'http.response.status_code': '200' },
      resource: { 'cloud.region': 'cn-east-1', 'service.version': '2.0.0' } }),
    span({ ms: t0 + 5, traceId: TRACE_A, spanId: 'a000000000000002', parentSpanId: 'a000000000000001', service: 'api-gateway',
      kind: 'Client', name: 'checkout.Checkout/Pay', durationMs: 100, attributes: { 'peer.service': 'checkout' } }),
    span({ ms: t0 + 10, traceId: TRACE_A, spanId: 'a000000000000003', parentSpanId: 'a000000000000002', service: 'checkout',
      name: 'checkout.Checkout/Pay', durationMs: 90, attributes: { 'rpc.grpc.status_code': '0' },
      events: [{ ms: t0 + 60, name: 'retry', attributes: { attempt: '2' } }] }),
    span({ ms: t0 + 20, traceId: TRACE_A, spanId: 'a000000000000004', parentSpanId: 'a000000000000003', service: 'checkout',
      kind: 'Client', name: 'POST /charge', durationMs: 50, status: 'Error', attributes: { 'peer.service': 'payment' } }),
    span({ ms: t0 + 25, traceId: TRACE_A, spanId: 'a000000000000005', parentSpanId: 'a000000000000004', service: 'payment',
      name: 'POST /charge', durationMs: 40, status: 'Error', statusMessage: 'card declined',
      attributes: { 'http.route': '/charge', 'http.response.status_code': '502', [HOSTILE]: '<script>alert(1)</script>' },
      events: [{ ms: t0 + 64, name: 'exception', attributes: { 'exception.type': 'CardDeclined' } }] }),
  ];
}

/** 24 single-span traces of search-svc, two per timestamp so paging must break ties. */
function searchSpans(): SpanRow[] {
  return Array.from({ length: 24 }, (_, i) =>
    span({
      ms: base + 120_000 + Math.floor(i / 2) * 2000,
      traceId: traceIdOf(0x100 + i),
      service: 'search-svc',
      name: i % 2 ? 'GET /search' : 'GET /suggest',
      durationMs: (i + 1) * 10,
      status: i % 5 === 0 ? 'Error' : 'Unset',
    }),
  );
}

/** A trace spanning a minute boundary and several seconds: the lookup must cover all of it. */
function traceC(): SpanRow[] {
  return [
    span({ ms: base + 1500, traceId: TRACE_C, spanId: 'c000000000000001', service: 'batch', name: 'job', durationMs: 62_000 }),
    span({ ms: base + 62_900, traceId: TRACE_C, spanId: 'c000000000000002', parentSpanId: 'c000000000000001', service: 'batch', name: 'flush', durationMs: 500 }),
  ];
}

const TRACE_D = traceIdOf(0xd);
const MARKUP_SERVICE = `<img src=x onerror="window.__pwned='service'">';DROP TABLE otel_traces;--`;

/** Two spans within one second from a service whose name is markup and SQL. */
function traceD(): SpanRow[] {
  return [
    span({ ms: base + 300_100, traceId: TRACE_D, spanId: 'd000000000000001', service: MARKUP_SERVICE, name: `/x/<script>1</script>` }),
    span({ ms: base + 300_105, traceId: TRACE_D, spanId: 'd000000000000002', parentSpanId: 'd000000000000001', service: MARKUP_SERVICE, kind: 'Client' }),
  ];
}

let ctx: Awaited<ReturnType<typeof openTestStore>>;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ctx = await openTestStore();
  caller = appRouter.createCaller({ store: ctx.store, user: TEST_ADMIN });
  await insertSpans(ctx.store, [...traceA(), ...searchSpans(), ...traceC(), ...traceD()]);
});

afterAll(async () => {
  await ctx?.cleanup();
});

describe('traces.search', () => {
  it('returns spans newest first with their status, codes and kind', async () => {
    const { spans, nextCursor } = await caller.traces.search({ ...range, traceId: TRACE_A });
    expect(nextCursor).toBeNull();
    expect(spans.map((s) => s.spanId)).toEqual(['a000000000000005', 'a000000000000004', 'a000000000000003', 'a000000000000002', 'a000000000000001']);
    expect(spans[0]).toMatchObject({
      service: 'payment', name: 'POST /charge', kind: 'Server', status: 'error', statusCode: 'Error',
      statusMessage: 'card declined', httpStatus: 502, grpcCode: null, durationMs: 40, isRoot: false, timestamp: base + 1025,
    });
    expect(spans[2]).toMatchObject({ status: 'ok', grpcCode: 0, httpStatus: null });
    expect(spans[4]).toMatchObject({ isRoot: true, region: 'cn-east-1', route: '/checkout' });
  });

  it('pages with a cursor without gaps or repeats, even across equal timestamps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof caller.traces.search>> = await caller.traces.search({ ...range, service: 'search-svc', limit: 5, cursor });
      seen.push(...page.spans.map((s) => s.traceId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    // Newest first; within a timestamp the higher trace id first.
    expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => traceIdOf(0x100 + 23 - i)));
  });

  it('finds the newest page whether the last minute holds all of it, part of it or none', async () => {
    const newest = (n: number) => Array.from({ length: n }, (_, i) => traceIdOf(0x100 + 23 - i));
    const page = async (to: number) =>
      (await caller.traces.search({ from: range.from, to, service: 'search-svc', limit: 5 })).spans.map((s) => s.traceId);
    // The 24 spans lie between base+120 s and base+142 s.
    expect(await page(base + 142_001)).toEqual(newest(5));
    expect(await page(base + 201_001)).toEqual(newest(5));
    expect(await page(base + 9 * 60_000)).toEqual(newest(5));
  });

  it('filters by status, minimum duration, operation, kind and root-ness', async () => {
    const count = async (input: Partial<Parameters<typeof caller.traces.search>[0]>) =>
      (await caller.traces.search({ ...range, limit: 200, ...input })).spans.length;
    const errors = await caller.traces.search({ ...range, service: 'search-svc', status: 'error' });
    expect(errors.spans.map((s) => s.durationMs).sort((a, b) => a - b)).toEqual([10, 60, 110, 160, 210]);
    expect(await count({ service: 'search-svc', status: 'ok' })).toBe(19);
    const slow = await caller.traces.search({ ...range, service: 'search-svc', minDurationMs: 200 });
    expect(slow.spans.map((s) => s.durationMs).sort((a, b) => a - b)).toEqual([200, 210, 220, 230, 240]);
    expect(await count({ service: 'search-svc', operation: 'GET /search' })).toBe(12);
    // Operation matches the rollup's operation (http.route) as well as the span name.
    expect(await count({ operation: '/charge' })).toBe(1);
    expect(await count({ traceId: TRACE_A, kind: 'Client' })).toBe(2);
    expect(await count({ traceId: TRACE_A, rootOnly: true })).toBe(1);
    expect(await count({ service: 'checkout', peerService: 'payment' })).toBe(1);
    expect(await count({ region: 'cn-east-1', version: '2.0.0' })).toBe(1);
    // Status error includes bad calls by HTTP/gRPC codes and status Error alike.
    expect(await count({ traceId: TRACE_A, status: 'error' })).toBe(2);
  });

  it('only returns spans inside the time range', async () => {
    const before = await caller.traces.search({ from: base - 60_000, to: base + 1000 });
    expect(before.spans).toEqual([]);
    const first = await caller.traces.search({ from: base, to: base + 1003 });
    expect(first.spans.map((s) => s.spanId)).toEqual(['a000000000000001']);
    const later = await caller.traces.search({ from: base + 1400, to: base + 1600 });
    expect(later.spans.map((s) => s.spanId)).toEqual(['c000000000000001']);
  });

  it('treats a hostile service filter as plain data', async () => {
    const result = await caller.traces.search({ ...range, service: HOSTILE });
    expect(result.spans).toEqual([]);
    const all = await caller.traces.search({ ...range, limit: 200 });
    expect(all.spans).toHaveLength(33);
  });

  it('rejects bad input with BAD_REQUEST', async () => {
    await expect(caller.traces.search({ from: range.to, to: range.from })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'Invalid input: to: "from" must be before "to"',
    });
    await expect(caller.traces.search({ ...range, traceId: 'not-a-trace' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'Invalid input: traceId: a trace id is 32 hexadecimal characters',
    });
    await expect(caller.traces.search({ ...range, limit: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.traces.search({ ...range, cursor: 'bm9wZQ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'Invalid input: cursor: not a cursor returned by traces.search',
    });
  });
});

describe('traces.get', () => {
  it('returns every span of the trace with attributes, resource and events', async () => {
    const trace = await caller.traces.get({ traceId: TRACE_A.toUpperCase() });
    expect(trace.traceId).toBe(TRACE_A);
    expect(trace.start).toBe(base + 1000);
    expect(trace.durationMs).toBe(120);
    expect(trace.services).toEqual(['api-gateway', 'checkout', 'payment']);
    expect(trace.truncated).toBe(false);
    expect(trace.spans.map((s) => [s.spanId, s.parentSpanId, s.offsetMs])).toEqual([
      ['a000000000000001', '', 0],
      ['a000000000000002', 'a000000000000001', 5],
      ['a000000000000003', 'a000000000000002', 10],
      ['a000000000000004', 'a000000000000003', 20],
      ['a000000000000005', 'a000000000000004', 25],
    ]);
    const payment = trace.spans[4]!;
    expect(payment.attributes).toEqual({ 'http.route': '/charge', 'http.response.status_code': '502', [HOSTILE]: '<script>alert(1)</script>' });
    expect(payment.resource).toEqual({ 'service.name': 'payment' });
    expect(payment.events).toEqual([
      { name: 'exception', offsetMs: 64, timestampNs: `${BigInt(base + 1064) * 1_000_000n}`, attributes: { 'exception.type': 'CardDeclined' } },
    ]);
    expect(payment).toMatchObject({ status: 'error', statusMessage: 'card declined', scopeName: 'fixture' });
  });

  it('finds spans beyond the first second and minute of the trace', async () => {
    const trace = await caller.traces.get({ traceId: TRACE_C });
    expect(trace.spans.map((s) => s.name)).toEqual(['job', 'flush']);
    expect(trace.durationMs).toBe(62_000);
  });

  it('finds a trace whose service name is markup and SQL, with the name verbatim', async () => {
    const trace = await caller.traces.get({ traceId: TRACE_D });
    expect(trace.spans.map((s) => [s.spanId, s.service])).toEqual([
      ['d000000000000001', MARKUP_SERVICE],
      ['d000000000000002', MARKUP_SERVICE],
    ]);
  });

  it('answers NOT_FOUND for an unknown trace and BAD_REQUEST for a malformed id', async () => {
    await expect(caller.traces.get({ traceId: traceIdOf(0xdead) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.traces.get({ traceId: 'xyz' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'Invalid input: traceId: a trace id is 32 hexadecimal characters',
    });
    await expect(caller.traces.get({ traceId: HOSTILE })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
