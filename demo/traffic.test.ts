import { describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TrafficEmitter } from './emitter';
import { misroutesPerMinute, scenarioPhases } from './ground-truth';
import { UNIT_REGION } from './platform';
import {
  az,
  capture,
  fingerprint,
  forEachMinute,
  isBad,
  isRpcClient,
  isRpcServer,
  region,
  service,
  serversByParent,
} from './test-support';

// 07:00 UTC: the diurnal factor is 1.0; minutes 0–20 are ordinary traffic.
const T = Date.UTC(2025, 2, 10, 7, 0, 0);
const MIN = 60_000;

describe('determinism', () => {
  it('gives identical spans for the same seed and minute, different ones for another seed', async () => {
    const a = await capture(T + 3 * MIN, T + 4 * MIN, { seed: 7 });
    const b = await capture(T + 3 * MIN, T + 4 * MIN, { seed: 7 });
    const c = await capture(T + 3 * MIN, T + 4 * MIN, { seed: 8 });
    expect(a.spans.length).toBeGreaterThan(5000);
    expect(b.spans.map(fingerprint)).toEqual(a.spans.map(fingerprint));
    const idsA = new Set(a.spans.map((s) => s.spanContext().spanId));
    const overlap = c.spans.filter((s) => idsA.has(s.spanContext().spanId)).length;
    expect(overlap).toBe(0);
    expect(c.spans.length).not.toBe(a.spans.length);
  });

  it('does not depend on how a range is chunked, so backfill and live agree', async () => {
    const whole = await capture(T + 5 * MIN, T + 7 * MIN);
    const exporter = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor(exporter);
    const emitter = new TrafficEmitter({ seed: 42, rate: 10, processor });
    // Odd slice lengths cut through requests' minutes at arbitrary points, as live mode does.
    for (let t = T + 5 * MIN; t < T + 7 * MIN; t += 7_333) emitter.emitRange(t, Math.min(t + 7_333, T + 7 * MIN));
    await processor.forceFlush();
    const sliced = exporter.getFinishedSpans();
    expect(sliced.map(fingerprint).sort()).toEqual(whole.spans.map(fingerprint).sort());
  });
});

describe('span conventions (SPEC §4)', () => {
  // Ordinary minutes plus episode minutes, so there are plenty of error spans too.
  let spans: ReadableSpan[] = [];
  it('generates a sample', async () => {
    spans = [...(await capture(T + 5 * MIN, T + 7 * MIN)).spans, ...(await capture(T + 37 * MIN, T + 38 * MIN)).spans];
    expect(spans.length).toBeGreaterThan(20_000);
  });

  it('puts the required resource attributes on every span', () => {
    for (const s of spans) {
      const r = s.resource.attributes;
      expect(r['deployment.environment.name']).toBe('prod');
      expect(String(r['cloud.availability_zone']).startsWith(String(r['cloud.region']))).toBe(true);
      expect(['stable', 'canary']).toContain(r['deployment.role']);
      expect(UNIT_REGION[String(r['sightline.unit'])]).toBe(r['cloud.region']);
      if (service(s) === 'notify-svc') expect(r['service.version']).toBeUndefined();
      else expect(typeof r['service.version']).toBe('string');
    }
    expect(new Set(spans.map(service)).size).toBe(11);
    expect(new Set(spans.map(az))).toEqual(
      new Set(['cn-east-1a', 'cn-east-1b', 'cn-east-1c', 'cn-north-1a', 'cn-north-1b', 'cn-south-1a', 'cn-south-1b']),
    );
  });

  it('marks HTTP edge, gRPC and DB spans the way Sightline reads them', () => {
    let http = 0;
    let db = 0;
    for (const s of spans) {
      const a = s.attributes;
      if (service(s) === 'api-gateway' && s.kind === SpanKind.SERVER) {
        http++;
        expect(a['http.route']).toMatch(/^\/api\/v1\//);
        expect(['GET', 'POST']).toContain(a['http.request.method']);
        expect(typeof a['http.response.status_code']).toBe('number');
        expect(String(a['x_unit_id'])).toMatch(/^unit-/);
      } else if (isRpcClient(s)) {
        expect(a['rpc.service']).toMatch(/^[a-z]+\.v1\.\w+Service$/);
        expect(typeof a['rpc.method']).toBe('string');
        expect(String(a['peer.service'])).toMatch(/-svc$/);
        expect(typeof a['rpc.grpc.status_code']).toBe('number');
      } else if (isRpcServer(s)) {
        expect(typeof a['rpc.grpc.status_code']).toBe('number');
        if (service(s) === 'notify-svc') expect(a['rpc.method']).toBeUndefined();
        else expect(typeof a['rpc.method']).toBe('string');
      } else {
        db++;
        expect(s.kind).toBe(SpanKind.CLIENT);
        expect(['mysql', 'postgresql', 'redis']).toContain(a['db.system']);
        expect(typeof a['db.operation.name']).toBe('string');
        if (a['db.system'] !== 'redis') expect(typeof a['db.collection.name']).toBe('string');
      }
    }
    expect(http).toBeGreaterThan(1000);
    expect(db).toBeGreaterThan(1000);
  });

  it('gives error spans status ERROR, error.type and an exception event (except product-svc’s bare ones)', () => {
    const errors = spans.filter((s) => s.status.code === 2);
    expect(errors.length).toBeGreaterThan(100);
    for (const s of errors) {
      expect(typeof s.attributes['error.type']).toBe('string');
      const event = s.events.find((e) => e.name === 'exception');
      if (service(s) === 'product-svc' && !event) continue;
      expect(event?.attributes?.['exception.type']).toBeTruthy();
      expect(event?.attributes?.['exception.message']).toBeTruthy();
      expect(s.status.message).toBeTruthy();
    }
    // Every bad span is also status ERROR, so no analysis depends on which rule it applies.
    for (const s of spans) if (isBad(s)) expect(s.status.code).toBe(2);
  });

  it('pairs every gRPC CLIENT span with a SERVER span of peer.service (fulfillment orphans aside)', () => {
    const servers = serversByParent(spans);
    let orphaned = 0;
    for (const c of spans.filter(isRpcClient)) {
      const srv = servers.get(c.spanContext().spanId);
      if (!srv && c.attributes['peer.service'] === 'fulfillment-svc') {
        orphaned++;
        continue;
      }
      expect(srv, `${c.name} has no server half`).toBeDefined();
      expect(service(srv!)).toBe(c.attributes['peer.service']);
      expect(srv!.attributes['rpc.service']).toBe(c.attributes['rpc.service']);
      expect(srv!.spanContext().traceId).toBe(c.spanContext().traceId);
    }
    expect(orphaned).toBeGreaterThan(0);
  });

  it('has exactly the platform’s call graph', () => {
    const edges = new Set(spans.filter(isRpcClient).map((s) => `${service(s)}→${String(s.attributes['peer.service'])}`));
    expect([...edges].sort()).toEqual(
      [
        'api-gateway→user-svc',
        'api-gateway→product-svc',
        'api-gateway→group-svc',
        'group-svc→product-svc',
        'group-svc→marketing-svc',
        'group-svc→order-svc',
        'marketing-svc→product-svc',
        'order-svc→inventory-svc',
        'order-svc→payment-svc',
        'payment-svc→ledger-svc',
        'order-svc→fulfillment-svc',
        'fulfillment-svc→notify-svc',
      ].sort(),
    );
  });
});

describe('20 ordinary minutes', () => {
  const crossAz = new Map<string, { n: number; cross: number }>();
  let gateway = 0;
  let misrouted = 0;
  let fulfillmentServers = 0;
  let fulfillmentOrphans = 0;
  const product = { errors: 0, bare: 0 };
  let requests = 0;

  it('generates them', async () => {
    const stats = await forEachMinute(T, T + 20 * MIN, (spans) => {
      const ids = new Set(spans.map((s) => s.spanContext().spanId));
      const servers = serversByParent(spans);
      for (const s of spans) {
        const svc = service(s);
        if (isRpcClient(s)) {
          const srv = servers.get(s.spanContext().spanId);
          if (srv) {
            const c = crossAz.get(svc) ?? { n: 0, cross: 0 };
            c.n++;
            if (az(srv) !== az(s)) c.cross++;
            crossAz.set(svc, c);
          }
        }
        if (svc === 'api-gateway' && s.kind === SpanKind.SERVER) {
          gateway++;
          if (UNIT_REGION[String(s.attributes['x_unit_id'])] !== region(s)) misrouted++;
        }
        if (isRpcServer(s) && svc === 'fulfillment-svc') {
          fulfillmentServers++;
          if (!ids.has(s.parentSpanContext?.spanId ?? '')) fulfillmentOrphans++;
        }
        if (svc === 'product-svc' && s.status.code === 2) {
          product.errors++;
          if (!s.status.message && s.events.length === 0) product.bare++;
        }
      }
    });
    requests = stats.requests;
    expect(requests).toBeGreaterThan(11_000);
  });

  it('gives marketing-svc the highest cross-AZ share by far', () => {
    const shares = [...crossAz].map(([svc, c]) => [svc, c.cross / c.n] as const).sort((a, b) => b[1] - a[1]);
    expect(shares[0]?.[0]).toBe('marketing-svc');
    expect(shares[0]?.[1]).toBeGreaterThan(0.45);
    for (const [svc, share] of shares.slice(1)) expect(share, svc).toBeLessThan(0.2);
  });

  it('mis-routes about 1% of requests, exactly as the ground truth says', () => {
    expect(gateway).toBe(requests);
    expect(misrouted / gateway).toBeGreaterThan(0.006);
    expect(misrouted / gateway).toBeLessThan(0.014);
    const truth = misroutesPerMinute(T, T + 20 * MIN).reduce((n, m) => n + m.misrouted, 0);
    expect(misrouted).toBe(truth);
    expect(scenarioPhases(T, T + 20 * MIN).misroutes.reduce((n, m) => n + m.requests, 0)).toBe(requests);
  });

  it('leaves the observability debt the tech-debt index should find', () => {
    expect(fulfillmentOrphans / fulfillmentServers).toBeGreaterThan(0.08);
    expect(fulfillmentOrphans / fulfillmentServers).toBeLessThan(0.16);
    expect(product.bare).toBeGreaterThan(0);
    expect(product.bare).toBeLessThan(product.errors);
  });
});
