import { describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { DEFAULT_RATE } from './defaults';
import { scenarioPhases } from './ground-truth';
import { replayHystrix, type Call } from './hystrix-replay';
import { requestCount } from './plan';
import { diurnal, loadMultiplier } from './scenario';
import { az, durationMs, forEachMinute, isBad, isRpcClient, isRpcServer, quantile, region, service, startMs } from './test-support';

const MIN = 60_000;

describe('schedule', () => {
  it('follows a 0.6–1.4 diurnal curve, quietest at 01:00 UTC', () => {
    const day = Date.UTC(2025, 2, 10);
    const values = Array.from({ length: 96 }, (_, i) => diurnal(day + i * 15 * MIN));
    expect(Math.min(...values)).toBeCloseTo(0.6, 5);
    expect(Math.max(...values)).toBeCloseTo(1.4, 5);
    expect(diurnal(day + HOUR(1))).toBeCloseTo(0.6, 5);
    expect(diurnal(day + HOUR(13))).toBeCloseTo(1.4, 5);
  });

  it('multiplies load by 10 for minutes 20–25 of every hour', () => {
    const h = Date.UTC(2025, 2, 10, 7);
    for (let m = 0; m < 60; m++) {
      const t = h + m * MIN + 30_000;
      expect(loadMultiplier(t) / diurnal(t)).toBeCloseTo(m >= 20 && m < 25 ? 10 : 1, 9);
    }
    const minute = Math.floor(h / MIN);
    const before = requestCount(DEFAULT_RATE, minute + 19);
    const during = requestCount(DEFAULT_RATE, minute + 20);
    expect(during / before).toBeGreaterThan(9.8);
    expect(during / before).toBeLessThan(10.2);
  });

  it('describes the injected ground truth for any range', () => {
    const from = Date.UTC(2025, 2, 10, 4, 10);
    const truth = scenarioPhases(from, from + 6 * HOUR(1));
    expect(truth.flashSales).toHaveLength(6);
    expect(truth.inventoryEpisodes).toHaveLength(6);
    expect(truth.flashSales[0]).toEqual({ startMs: Date.UTC(2025, 2, 10, 4, 20), endMs: Date.UTC(2025, 2, 10, 4, 25), multiplier: 10 });
    const ep = truth.inventoryEpisodes[0]!;
    expect(ep.startMs).toBe(Date.UTC(2025, 2, 10, 4, 35));
    expect(ep.endMs).toBe(Date.UTC(2025, 2, 10, 4, 43));
    expect(ep).toMatchObject({ az: 'cn-south-1b', edge: { caller: 'order-svc', callee: 'inventory-svc', rpcMethod: 'ReserveStock' } });
    expect(truth.canaries).toEqual([
      expect.objectContaining({ service: 'payment-svc', baselineVersion: '2.3.4', canaryVersion: '2.4.0-rc.1', expected: 'rollback', novelErrorType: 'redis_timeout' }),
      expect.objectContaining({ service: 'order-svc', expected: 'promote' }),
    ]);
    expect(truth.expectedWorstAz).toEqual({ az: 'cn-south-1b', region: 'cn-south-1', service: 'inventory-svc' });
    expect(truth.highestCrossAzCaller).toBe('marketing-svc');
    expect(truth.observabilityGaps.map((g) => `${g.service}:${g.gap}`).sort()).toEqual(
      ['fulfillment-svc:orphan_spans', 'notify-svc:missing_operation', 'notify-svc:missing_version', 'product-svc:bare_errors'].sort(),
    );
    expect(truth.misroutes).toHaveLength(360);
    const requests = truth.misroutes.reduce((n, m) => n + m.requests, 0);
    const misrouted = truth.misroutes.reduce((n, m) => n + m.misrouted, 0);
    expect(misrouted / requests).toBeGreaterThan(0.008);
    expect(misrouted / requests).toBeLessThan(0.012);
    // A quiet hour before the first episode: no episode, no worst AZ.
    expect(scenarioPhases(from, from + 20 * MIN).expectedWorstAz).toBeNull();
  });
});

function HOUR(n: number): number {
  return n * 3_600_000;
}

/**
 * The inventory episode in the diurnal trough (01:35 UTC, load × 0.6) at the default rate: the
 * hardest case for the breaker requirement, since call volume is lowest there.
 */
describe('inventory episode at the diurnal trough, default rate', () => {
  const H = Date.UTC(2025, 2, 10, 1, 0, 0);
  const epStart = H + 35 * MIN;
  const epEnd = H + 43 * MIN;
  const calls: { start: number; end: number; bad: boolean; ms: number; callerRegion: string }[] = [];
  const inventoryServerAzs = new Set<string>();
  const orderStatuses: number[] = [];

  it('generates 01:30–01:47', async () => {
    await forEachMinute(H + 30 * MIN, H + 47 * MIN, (spans) => {
      const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
      for (const s of spans) {
        if (isRpcClient(s) && service(s) === 'order-svc' && s.attributes['rpc.method'] === 'ReserveStock') {
          calls.push({ start: startMs(s), end: startMs(s) + durationMs(s), bad: isBad(s), ms: durationMs(s), callerRegion: region(s) });
        }
        if (isRpcServer(s) && service(s) === 'inventory-svc') {
          const client = byId.get(s.parentSpanContext?.spanId ?? '');
          if (client && startMs(client) >= epStart && startMs(client) < epEnd) inventoryServerAzs.add(az(s));
        }
        if (service(s) === 'api-gateway' && s.kind === SpanKind.SERVER && s.attributes['http.request.method'] === 'POST') {
          const t = startMs(s);
          if (t >= epStart + 30_000 && t < epEnd - 30_000) orderStatuses.push(Number(s.attributes['http.response.status_code']));
        }
      }
    });
    expect(diurnal(epStart)).toBeLessThan(0.61);
    expect(calls.length).toBeGreaterThan(2000);
  });

  const windows = (from: number, to: number): { n: number; bad: number; at: number }[] => {
    const out: { n: number; bad: number; at: number }[] = [];
    for (let w = from; w < to; w += 10_000) {
      const inWindow = calls.filter((c) => c.start >= w && c.start < w + 10_000);
      out.push({ at: w, n: inWindow.length, bad: inWindow.filter((c) => c.bad).length });
    }
    return out;
  };

  it('sees ≥ 20 calls in every 10 s window, ≥ 50 % of them failing on the plateau', () => {
    for (const w of windows(epStart, epEnd)) expect(w.n, new Date(w.at).toISOString()).toBeGreaterThanOrEqual(20);
    const plateau = windows(epStart + 30_000, epEnd - 30_000);
    expect(plateau.length).toBe(42); // 7 minutes, well over the 3 required
    for (const w of plateau) {
      expect(w.bad / w.n, new Date(w.at).toISOString()).toBeGreaterThanOrEqual(0.5);
      expect(w.bad / w.n).toBeLessThanOrEqual(0.95);
    }
    const all = plateau.reduce((a, w) => ({ n: a.n + w.n, bad: a.bad + w.bad }), { n: 0, bad: 0 });
    expect(all.bad / all.n).toBeGreaterThan(0.65);
    expect(all.bad / all.n).toBeLessThan(0.75);
  });

  it('stays healthy outside the episode', () => {
    for (const w of [...windows(H + 30 * MIN, epStart), ...windows(epEnd, H + 47 * MIN)]) {
      expect(w.n).toBeGreaterThanOrEqual(20);
      expect(w.bad / w.n, new Date(w.at).toISOString()).toBeLessThan(0.05);
    }
  });

  it('is slow (p95 > 1 s) in the episode and fast after it', () => {
    const during = calls.filter((c) => c.start >= epStart + 30_000 && c.start < epEnd - 30_000).map((c) => c.ms);
    const after = calls.filter((c) => c.start >= epEnd).map((c) => c.ms);
    expect(quantile(during, 0.95)).toBeGreaterThan(1000);
    expect(quantile(after, 0.95)).toBeLessThan(50);
  });

  it('serves every region’s ReserveStock from cn-south-1b during the episode', () => {
    expect([...inventoryServerAzs]).toEqual(['cn-south-1b']);
    const regions = new Set(calls.filter((c) => c.start >= epStart && c.start < epEnd).map((c) => c.callerRegion));
    expect(regions).toEqual(new Set(['cn-east-1', 'cn-north-1', 'cn-south-1']));
  });

  it('fails the edge’s order requests with 5xx', () => {
    const fivexx = orderStatuses.filter((s) => s >= 500).length;
    expect(orderStatuses.length).toBeGreaterThan(500);
    expect(fivexx / orderStatuses.length).toBeGreaterThan(0.6);
  });

  it('trips a Hystrix breaker open, which later heals through HALF_OPEN to CLOSED', () => {
    const replay: Call[] = calls.map((c) => ({ atMs: c.end, bad: c.bad }));
    const transitions = replayHystrix(replay);
    const firstOpen = transitions.find((t) => t.to === 'OPEN');
    expect(firstOpen).toBeDefined();
    expect(firstOpen!.atMs).toBeGreaterThanOrEqual(epStart);
    expect(firstOpen!.atMs).toBeLessThan(epStart + 90_000);
    const last = transitions[transitions.length - 1]!;
    expect(last.from).toBe('HALF_OPEN');
    expect(last.to).toBe('CLOSED');
    expect(last.atMs).toBeLessThan(epEnd + 60_000);
    // Nothing before the episode.
    expect(transitions.every((t) => t.atMs >= epStart)).toBe(true);
    // Open (or probing) for most of the plateau: measure time not CLOSED.
    let notClosed = 0;
    let since: number | undefined;
    for (const t of transitions) {
      if (t.from === 'CLOSED') since = t.atMs;
      if (t.to === 'CLOSED' && since !== undefined) {
        notClosed += t.atMs - since;
        since = undefined;
      }
    }
    expect(notClosed).toBeGreaterThan(3 * MIN);
  });
});
