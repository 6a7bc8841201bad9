import { describe, expect, it } from 'vitest';
import { presetDefaults } from './breaker-settings';
import type { EdgeCall } from './edge-call';
import { edgeSeries } from './edge-series';
import { stateSegments, summarizeEdge } from './edge-summary';

const call = (atMs: number, kind: 'g' | 'b' | 't' | 'x' = 'g', durationMs = 10): EdgeCall => ({
  atMs,
  durationMs,
  bad: kind !== 'g',
  timeout: kind === 't',
  shortCircuited: kind === 'x',
});

describe('edge summary', () => {
  it('warms the breaker up before the range and reports only the range’s transitions and counts', () => {
    // 20 failures before the range open the breaker at 1900; inside [5000, 20000): 3 rejected
    // calls, the trial at 6900 closes it, then one good, one timeout and one short-circuited call.
    const calls = [
      ...Array.from({ length: 20 }, (_, i) => call(i * 100, 'b')),
      call(5000),
      call(5500),
      call(6000),
      call(6900),
      call(7000),
      call(8000, 't', 1200),
      call(9000, 'x'),
      call(20_000, 'b'),
    ];
    const s = summarizeEdge('a', 'b', calls, presetDefaults('hystrix'), { fromMs: 5000, toMs: 20_000 });
    expect(s.state).toBe('CLOSED');
    expect(s.transitions.map((t) => `${t.atMs} ${t.from}→${t.to}`)).toEqual(['6900 OPEN→HALF_OPEN', '6900 HALF_OPEN→CLOSED']);
    expect(s.counts).toEqual({ executed: 6, success: 5, failure: 0, timeout: 1, shortCircuited: 1, slow: 1, rejected: 3 });
    expect(s.errorRate).toBeCloseTo(1 / 6, 12);
    expect(s.rps).toBeCloseTo(6 / 15, 12);
    expect(s.segments).toEqual([
      { state: 'OPEN', startMs: 5000, endMs: 6900 },
      { state: 'CLOSED', startMs: 6900, endMs: 20_000 },
    ]);
    expect(s.stateSinceMs).toBe(6900);
  });

  it('segments a range without transitions as one stretch of the state at its start', () => {
    expect(stateSegments([], { fromMs: 0, toMs: 10 })).toEqual([{ state: 'CLOSED', startMs: 0, endMs: 10 }]);
  });

  it('buckets the calls of the range, leaving empty buckets without an error rate', () => {
    const points = edgeSeries([call(5, 'b'), call(12), call(15), call(31)], [14], presetDefaults('hystrix'), { fromMs: 0, toMs: 40 }, 0.01);
    expect(points.map((p) => [p.t, p.executed, p.failure, p.rejected, p.errorRate])).toEqual([
      [0, 1, 1, 0, 1],
      [10, 2, 0, 1, 0],
      [20, 0, 0, 0, null],
      [30, 1, 0, 0, 0],
    ]);
  });
});
