import { describe, expect, it } from 'vitest';
import { replayBreaker } from './breaker-replay';
import { breakerSettings, presetDefaults, type BreakerSettings } from './breaker-settings';
import type { EdgeCall } from './edge-call';

/**
 * Scripted call sequences whose transitions are worked out by hand. `script('ggbb', 0, 100)`
 * is four calls completing at 0, 100, 200 and 300 ms: g good, b bad (error status), t timed
 * out (bad and 1.2 s long), s slow but good (1.5 s), x short-circuited by another breaker.
 */
function script(pattern: string, startMs: number, spacingMs: number): EdgeCall[] {
  return [...pattern].map((ch, i) => ({
    atMs: startMs + i * spacingMs,
    durationMs: ch === 't' ? 1200 : ch === 's' ? 1500 : 10,
    bad: ch === 'b' || ch === 't' || ch === 'x',
    timeout: ch === 't',
    shortCircuited: ch === 'x',
  }));
}

const settings = (s: Record<string, unknown>): BreakerSettings => breakerSettings.parse(s);
const path = (calls: EdgeCall[], s: BreakerSettings) => replayBreaker(calls, s).transitions.map((t) => `${t.atMs} ${t.from}→${t.to}`);

describe('Hystrix (10 s window, ≥ 20 calls, ≥ 50 %, 5 s sleep, one trial, 1 s timeout)', () => {
  const hystrix = presetDefaults('hystrix');

  it('opens at exactly 50 % over exactly 20 calls, with the reason', () => {
    const r = replayBreaker(script('bbbbbbbbbbgggggggggg', 0, 100), hystrix);
    expect(r.state).toBe('OPEN');
    expect(r.transitions).toEqual([{ atMs: 1900, from: 'CLOSED', to: 'OPEN', reason: 'error rate 50% over 20 calls in 10 s ≥ 50%' }]);
  });

  it('stays CLOSED at 9 of 20 bad, and with 19 calls all bad (below the request volume)', () => {
    expect(replayBreaker(script('bbbbbbbbbggggggggggg', 0, 100), hystrix).transitions).toEqual([]);
    expect(replayBreaker(script('b'.repeat(19), 0, 100), hystrix).state).toBe('CLOSED');
  });

  it('forgets buckets older than the rolling window', () => {
    // Ten bad calls in bucket 0, ten good ones in bucket 10: bucket 0 has left the window.
    const calls = [...script('b'.repeat(10), 0, 50), ...script('g'.repeat(10), 10_000, 50)];
    expect(replayBreaker(calls, hystrix).transitions).toEqual([]);
    // In bucket 9 it is still inside: 10 of 20 bad.
    expect(path([...script('b'.repeat(10), 0, 50), ...script('g'.repeat(10), 9_000, 50)], hystrix)).toEqual(['9450 CLOSED→OPEN']);
  });

  it('counts calls slower than the 1 s timeout as failures', () => {
    expect(path(script(`${'s'.repeat(10)}${'g'.repeat(10)}`, 0, 100), hystrix)).toEqual(['1900 CLOSED→OPEN']);
  });

  it('short-circuits for the sleep window, then one successful trial closes it', () => {
    const calls = [...script('b'.repeat(20), 0, 100), ...script('g'.repeat(60), 2000, 100)];
    const r = replayBreaker(calls, hystrix);
    // Opened at 1900; calls at 2000..6800 are rejected (49 of them); the call at 6900 is the trial.
    expect(r.transitions).toEqual([
      { atMs: 1900, from: 'CLOSED', to: 'OPEN', reason: 'error rate 100% over 20 calls in 10 s ≥ 50%' },
      { atMs: 6900, from: 'OPEN', to: 'HALF_OPEN', reason: 'sleep window of 5 s elapsed: one trial call' },
      { atMs: 6900, from: 'HALF_OPEN', to: 'CLOSED', reason: 'trial call succeeded' },
    ]);
    expect(r.rejectedAtMs).toHaveLength(49);
    expect(r.state).toBe('CLOSED');
  });

  it('re-opens when the trial fails, and tries again a full sleep window later', () => {
    const calls = [...script('b'.repeat(20), 0, 100), ...script('b', 6900, 1), ...script('g', 11_899, 1), ...script('t', 11_900, 1), ...script('g', 16_900, 1)];
    const r = replayBreaker(calls, hystrix);
    expect(r.transitions.map((t) => `${t.atMs} ${t.to} ${t.reason}`)).toEqual([
      '1900 OPEN error rate 100% over 20 calls in 10 s ≥ 50%',
      '6900 HALF_OPEN sleep window of 5 s elapsed: one trial call',
      '6900 OPEN trial call failed',
      '11900 HALF_OPEN sleep window of 5 s elapsed: one trial call',
      '11900 OPEN trial call failed',
      '16900 HALF_OPEN sleep window of 5 s elapsed: one trial call',
      '16900 CLOSED trial call succeeded',
    ]);
    expect(r.rejectedAtMs).toEqual([11_899]);
  });

  it('leaves calls another breaker short-circuited out entirely', () => {
    expect(replayBreaker(script('x'.repeat(40), 0, 100), hystrix).transitions).toEqual([]);
    // 10 bad + 10 good executed calls, 30 short-circuited in between: still exactly 50 % of 20.
    expect(path(script(`bbbbb${'x'.repeat(30)}bbbbbgggggggggg`, 0, 10), hystrix)).toEqual(['490 CLOSED→OPEN']);
  });
});

describe('Resilience4j, count-based window', () => {
  const r4j = settings({
    preset: 'resilience4j-count',
    slidingWindowSize: 10,
    minimumNumberOfCalls: 5,
    waitDurationInOpenStateMs: 1000,
    permittedNumberOfCallsInHalfOpenState: 3,
  });

  it('has the documented defaults', () => {
    expect(presetDefaults('resilience4j-count')).toEqual({
      preset: 'resilience4j-count',
      failureRateThreshold: 50,
      slowCallRateThreshold: 100,
      slowCallDurationThresholdMs: 60_000,
      slidingWindowSize: 100,
      minimumNumberOfCalls: 100,
      waitDurationInOpenStateMs: 60_000,
      permittedNumberOfCallsInHalfOpenState: 10,
    });
    // 99 failures are below minimumNumberOfCalls; the 100th call decides.
    expect(replayBreaker(script('b'.repeat(99), 0, 10), presetDefaults('resilience4j-count')).state).toBe('CLOSED');
    expect(path(script('b'.repeat(100), 0, 10), presetDefaults('resilience4j-count'))).toEqual(['990 CLOSED→OPEN']);
  });

  it('waits for minimumNumberOfCalls, then opens at exactly the threshold', () => {
    expect(replayBreaker(script('bbbb', 0, 10), r4j).state).toBe('CLOSED');
    // g g b b g: 40 % after 5 calls; the 6th call (b) makes 3 of 6 = 50 %.
    const r = replayBreaker(script('ggbbgb', 0, 10), r4j);
    expect(r.transitions).toEqual([{ atMs: 50, from: 'CLOSED', to: 'OPEN', reason: 'failure rate 50% over 6 calls ≥ 50% (in the last 10 calls)' }]);
  });

  it('counts only the last slidingWindowSize calls', () => {
    // 10 good then 5 bad: over all 15 calls only 33 %, but the last 10 are exactly half bad.
    const ten = settings({ preset: 'resilience4j-count', slidingWindowSize: 10, minimumNumberOfCalls: 10 });
    expect(replayBreaker(script('ggggggggggbbbb', 0, 10), ten).transitions).toEqual([]);
    expect(replayBreaker(script('gggggggggg' + 'bbbbb', 0, 10), ten).transitions.map((t) => `${t.atMs} ${t.reason}`)).toEqual([
      '140 failure rate 50% over 10 calls ≥ 50% (in the last 10 calls)',
    ]);
  });

  it('caps minimumNumberOfCalls at the window size', () => {
    const small = settings({ preset: 'resilience4j-count', slidingWindowSize: 4, minimumNumberOfCalls: 100 });
    expect(path(script('gbgb', 0, 10), small)).toEqual(['30 CLOSED→OPEN']);
  });

  it('closes after its trial calls stay under the threshold', () => {
    // Open at 40 (5 bad); 1040 is the first call after the 1 s wait.
    const calls = [...script('bbbbb', 0, 10), ...script('g', 500, 1), ...script('ggb', 1040, 10), ...script('b', 1100, 1)];
    const r = replayBreaker(calls, r4j);
    expect(r.transitions.map((t) => `${t.atMs} ${t.to} ${t.reason}`)).toEqual([
      '40 OPEN failure rate 100% over 5 calls ≥ 50% (in the last 10 calls)',
      '1040 HALF_OPEN waited 1 s in OPEN: 3 trial call(s)',
      '1060 CLOSED trial calls: failure rate 33.3% < 50%, slow-call rate 0% < 100%',
    ]);
    expect(r.rejectedAtMs).toEqual([500]);
  });

  it('re-opens when its trial calls fail', () => {
    const calls = [...script('bbbbb', 0, 10), ...script('gbb', 1040, 10)];
    expect(replayBreaker(calls, r4j).transitions.map((t) => `${t.atMs} ${t.to} ${t.reason}`).slice(1)).toEqual([
      '1040 HALF_OPEN waited 1 s in OPEN: 3 trial call(s)',
      '1060 OPEN trial calls: failure rate 66.7% over 3 calls ≥ 50%',
    ]);
  });

  it('opens on the slow-call rate', () => {
    const slow = settings({ preset: 'resilience4j-count', slidingWindowSize: 10, minimumNumberOfCalls: 4, slowCallRateThreshold: 50, slowCallDurationThresholdMs: 1000 });
    const r = replayBreaker(script('gsgs', 0, 10), slow);
    expect(r.transitions.map((t) => t.reason)).toEqual(['slow-call rate 50% (> 1 s) over 4 calls ≥ 50% (in the last 10 calls)']);
  });
});

describe('Resilience4j, time-based window', () => {
  const r4j = settings({ preset: 'resilience4j-time', slidingWindowSize: 10, minimumNumberOfCalls: 5 });

  it('drops whole seconds that left the window', () => {
    // Three failures in second 0; in second 10 it has left: 2 calls, below the minimum.
    expect(replayBreaker([...script('bbb', 0, 100), ...script('bb', 10_000, 100)], r4j).transitions).toEqual([]);
    // In second 9 it is still in: 5 of 5 fail.
    expect(replayBreaker([...script('bbb', 0, 100), ...script('bb', 9_000, 100)], r4j).transitions.map((t) => t.reason)).toEqual([
      'failure rate 100% over 5 calls ≥ 50% (in 10 s)',
    ]);
  });
});

describe('Sentinel (DegradeRule)', () => {
  const sentinel = presetDefaults('sentinel');

  it('does not open at exactly the error ratio (it must be exceeded)', () => {
    expect(replayBreaker(script('gbgbgbgbgb', 0, 50), sentinel).transitions).toEqual([]);
    // g b b b b: 4 of 5 > 50 % at the fifth call.
    expect(replayBreaker(script('gbbbb', 0, 50), sentinel).transitions).toEqual([
      { atMs: 200, from: 'CLOSED', to: 'OPEN', reason: 'error ratio 80% over 5 calls in 1 s > 50%' },
    ]);
  });

  it('needs minRequestAmount calls within one statInterval', () => {
    expect(replayBreaker(script('bbbb', 0, 50), sentinel).state).toBe('CLOSED');
    // 3 bad at the end of second 0 and 2 bad in second 1: the interval starts afresh.
    expect(replayBreaker([...script('bbb', 900, 30), ...script('bb', 1000, 10)], sentinel).transitions).toEqual([]);
  });

  it('probes after timeWindow: a failing probe re-opens, a good one closes', () => {
    const calls = [...script('bbbbb', 0, 10), ...script('b', 10_039, 1), ...script('b', 10_040, 1), ...script('g', 20_040, 1)];
    const r = replayBreaker(calls, sentinel);
    expect(r.transitions.map((t) => `${t.atMs} ${t.to} ${t.reason}`)).toEqual([
      '40 OPEN error ratio 100% over 5 calls in 1 s > 50%',
      '10040 HALF_OPEN recovery time window of 10 s elapsed: one probe',
      '10040 OPEN probe failed',
      '20040 HALF_OPEN recovery time window of 10 s elapsed: one probe',
      '20040 CLOSED probe succeeded',
    ]);
    expect(r.rejectedAtMs).toEqual([10_039]);
  });

  it('error count: opens above count errors', () => {
    const count = settings({ preset: 'sentinel', strategy: 'errorCount', count: 3 });
    expect(replayBreaker(script('bbbgg', 0, 10), count).transitions).toEqual([]);
    expect(replayBreaker(script('bbbbg', 0, 10), count).transitions.map((t) => t.reason)).toEqual(['4 errors over 5 calls in 1 s > 3']);
  });

  it('slow ratio: a ratio of 1 at a threshold of 1 opens; a slow probe re-opens', () => {
    const slow = settings({ preset: 'sentinel', strategy: 'slowRatio', count: 1000, timeWindowSeconds: 1 });
    const r = replayBreaker([...script('sssss', 0, 10), ...script('s', 1040, 1)], slow);
    expect(r.transitions.map((t) => `${t.to} ${t.reason}`)).toEqual([
      'OPEN slow ratio 100% (> 1 s) over 5 calls in 1 s > 100%',
      'HALF_OPEN recovery time window of 1 s elapsed: one probe',
      'OPEN probe slow (1.5 s > 1 s)',
    ]);
    expect(replayBreaker(script('ssssg', 0, 10), slow).transitions).toEqual([]);
  });
});

describe('settings', () => {
  it('rejects unknown presets, unknown keys and incomplete Sentinel rules with readable messages', () => {
    const messages = (v: unknown) => breakerSettings.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({ preset: 'polly' })).toEqual(['preset: preset must be hystrix, resilience4j-count, resilience4j-time or sentinel']);
    expect(messages({ preset: 'hystrix', sleepWindow: 5 })).toEqual([': Unrecognized key: "sleepWindow"']);
    expect(messages({ preset: 'hystrix', buckets: 3 })).toEqual(['buckets: rollingWindowMs must be divisible by buckets (as Hystrix requires)']);
    expect(messages({ preset: 'sentinel', strategy: 'slowRatio' })).toEqual(['count: count is required with strategy slowRatio (the maximum response time in ms)']);
    expect(messages({ preset: 'resilience4j-count', failureRateThreshold: 150 })).toEqual(['failureRateThreshold: a percentage from 0 to 100']);
  });
});
