import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { appRouter } from '../routers/app-router';
import { insertSpans, nextSpanId, span, traceIdOf } from '../testing/span-fixture';
import { debtEdus, debtService, debtTrend } from './debt-api';
import { parseDebtConfig } from './debt-config';
import { dayOf } from './snapshot-days';

let store: Store;
let cleanup: () => Promise<void>;
const now = Date.now();
const t = now - 20 * 60_000;
const full = { 'service.version': '1.2.0', 'cloud.region': 'cn-east-1' };

const SETTINGS = parseDebtConfig(
  `
governanceThreshold: 40
targets:
  - service: notify-svc
    index: 20
    deadline: ${dayOf(now + 10 * 86_400_000)}
edus:
  - id: notify-blind
    name: notify-svc spans without an operation
    owner: team-messaging
    fix: add the otelgrpc interceptor
    trigger: { kind: spans, service: notify-svc, spanKind: Server, attributes: { rpc.system: grpc }, above: 3 }
  - id: product-errors
    name: product-svc error spans
    owner: team-catalog
    trigger: { kind: spans, service: product-svc, status: error, above: 10 }
  - id: fulfillment-observability
    name: fulfillment-svc loses trace context
    owner: team-logistics
    trigger: { kind: dimension, service: fulfillment-svc, dimension: observability, above: 50 }
`,
  'test.yaml',
);

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const rows = [];
  // fulfillment-svc: 10 SERVER spans, 8 children of order-svc's CLIENT spans, 2 whose parent was never sent.
  for (let i = 0; i < 10; i++) {
    const traceId = traceIdOf(100 + i);
    const clientId = nextSpanId();
    if (i < 8) rows.push(span({ ms: t + i, service: 'order-svc', kind: 'Client', name: 'fulfillment.v1/CreateShipment', traceId, spanId: clientId, resource: full }));
    rows.push(
      span({
        ms: t + i,
        service: 'fulfillment-svc',
        kind: 'Server',
        traceId,
        parentSpanId: i < 8 ? clientId : nextSpanId(),
        name: 'fulfillment.v1/CreateShipment',
        attributes: { 'rpc.method': 'CreateShipment' },
        resource: full,
      }),
    );
  }
  // notify-svc: 4 SERVER spans without service.version and without an operation.
  for (let i = 0; i < 4; i++) {
    rows.push(span({ ms: t + i, service: 'notify-svc', kind: 'Server', name: 'notify.v1/Send', traceId: traceIdOf(200 + i), attributes: { 'rpc.system': 'grpc' }, resource: { 'cloud.region': 'cn-east-1' } }));
  }
  // product-svc: 10 SERVER spans, 4 errors of which one has neither a message nor an exception event.
  for (let i = 0; i < 10; i++) {
    const error = i < 4;
    rows.push(
      span({
        ms: t + i,
        service: 'product-svc',
        kind: 'Server',
        name: 'GET /products/{id}',
        traceId: traceIdOf(300 + i),
        attributes: { 'http.route': '/products/{id}' },
        resource: full,
        status: error ? 'Error' : 'Unset',
        statusMessage: i < 2 ? 'db timeout' : '',
        events: i === 2 ? [{ ms: t + i, name: 'exception' }] : [],
      }),
    );
  }
  await insertSpans(store, rows);
});
afterAll(async () => {
  await cleanup();
});

describe('debt.* over real traces', () => {
  it('scores observability from the traces and ranks by index × traffic share', async () => {
    const caller = appRouter.createCaller({ store, user: { id: 'm', name: 'manager', roles: ['manager'] } });
    const rows = await caller.debt.scores({ from: 'now-1h', to: 'now' });
    // Only observability is reported: fulfillment 2/10 orphans → 20 % / 30 % = 66.7; notify 4/4 spans
    // missing attributes → 100; product 1/4 bare error spans → 25 % → 83.3; order-svc's client spans are clean.
    expect(rows.map((r) => [r.service, r.index, r.flagged, r.rank])).toEqual([
      ['product-svc', 83.3, true, 1], // 83.3 × 10/24 = 34.7
      ['fulfillment-svc', 66.7, true, 2], // 66.7 × 10/24 = 27.8
      ['notify-svc', 100, true, 3], // 100 × 4/24 = 16.7
      ['order-svc', 0, false, 4],
    ]);
    expect(rows[0]!.interest).toBe(34.7);
    expect(rows[0]!.dimensions).toEqual({ maintainability: null, observability: 83.3, buildStability: null, security: null });
    expect(rows[0]!.trend.at(-1)).toBe(83.3);

    const summary = await caller.debt.summary();
    // Traffic-weighted: (83.3·10 + 66.7·10 + 100·4) / 24
    expect(summary.platformIndex).toBe(Math.round(((83.3 * 10 + 66.7 * 10 + 100 * 4) / 24) * 10) / 10);
    expect(summary.flagged.map((f) => f.service)).toEqual(['notify-svc', 'product-svc', 'fulfillment-svc']);

    await expect(caller.debt.service({ service: 'no-such-svc' })).rejects.toThrow(/No debt data for service "no-such-svc"/);
  });

  it('drills into a service: raw measures and the worst spans', async () => {
    const d = (await debtService(store, SETTINGS, 'fulfillment-svc', { from: now - 3_600_000, to: now }))!;
    expect(d.measures.observability).toMatchObject({ spans: 10, serverSpans: 10, orphans: 2, orphanShare: 0.2, missingAttributes: 0 });
    expect(d.effectiveWeights.observability).toBe(1);
    expect(d.contributors.spans).toEqual([
      { spanName: 'fulfillment.v1/CreateShipment', spanKind: 'Server', spans: 10, missingVersion: 0, missingRegion: 0, missingOperation: 0, orphans: 2, bareErrors: 0 },
    ]);
    const notify = (await debtService(store, SETTINGS, 'notify-svc', { from: now - 3_600_000, to: now }))!;
    expect(notify.contributors.spans[0]).toMatchObject({ spans: 4, missingVersion: 4, missingOperation: 4, missingRegion: 0 });
  });

  it('keeps a daily snapshot and draws the burn-down against the target', async () => {
    const trend = await debtTrend(store, SETTINGS, { from: now - 2 * 86_400_000, to: now }, 'notify-svc', now);
    expect(trend.days.at(-1)).toMatchObject({ day: dayOf(now), index: 100, flagged: 1 });
    expect(trend.target).toMatchObject({ index: 20, startIndex: 100, onTrack: true });
    expect(trend.target!.ideal.at(-1)).toEqual({ day: dayOf(now + 10 * 86_400_000), value: 20 });
    const rs = await store.client.query({ query: `SELECT count() AS n FROM debt_index_daily FINAL WHERE Day = toDate({d:String})`, query_params: { d: dayOf(now) }, format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: number }>())[0]!.n)).toBe(4);
  });

  it('evaluates EDU triggers against the data, with evidence', async () => {
    const edus = await debtEdus(store, SETTINGS, { from: now - 3_600_000, to: now }, now);
    const byId = Object.fromEntries(edus.map((e) => [e.id, e]));
    expect(byId['notify-blind']).toMatchObject({ triggered: true, owner: 'team-messaging', evidence: { value: 4, threshold: 3 } });
    expect(byId['notify-blind']!.evidence.items).toHaveLength(4);
    expect(byId['product-errors']).toMatchObject({ triggered: false, evidence: { value: 4, threshold: 10 } });
    expect(byId['fulfillment-observability']).toMatchObject({ triggered: true, evidence: { value: 66.7, threshold: 50 } });
    expect(edus.map((e) => e.triggered)).toEqual([true, true, false]);
  });
});

describe('sightline.debt.yaml', () => {
  it('names the file, line and field of a mistake', () => {
    expect(() => parseDebtConfig('weights:\n  maintainability: 30\n  security: -1\n', 'd.yaml')).toThrow(/d\.yaml: line 3, column 13: weights\.security: must be ≥ 0/);
    expect(() => parseDebtConfig('edus:\n  - id: a\n    name: n\n    owner: o\n    trigger: { kind: magic }\n', 'd.yaml')).toThrow(/edus\.0\.trigger\.kind/);
    expect(() => parseDebtConfig('levels: { security: { healthy: 10, critical: 5 } }', 'd.yaml')).toThrow(/critical must be above healthy/);
    expect(() => parseDebtConfig('weights: [1', 'd.yaml')).toThrow(/invalid YAML/);
  });
  it('defaults every field to SPEC §5.6', () => {
    const s = parseDebtConfig('', 'd.yaml');
    expect(s.weights).toEqual({ maintainability: 30, observability: 25, buildStability: 25, security: 20 });
    expect(s.levels.security).toEqual({ healthy: 0, critical: 50 });
    expect(s.governanceThreshold).toBe(40);
  });
});
