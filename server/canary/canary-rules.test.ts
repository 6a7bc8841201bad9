import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCanaryConfig } from './canary-config';
import { DEFAULT_CANARY_SETTINGS } from './canary-settings';
import { compareMetrics, type SideData } from './compare-metrics';
import { detectCanaries, type VersionTraffic } from './detect-canary';
import { errorNovelty, errorSignature } from './error-signature';
import { compareVersions } from './version-order';

describe('version order', () => {
  it('numeric parts as numbers, pre-releases before their release', () => {
    const sorted = ['2.4.0', '2.10.0', '2.4.0-rc.1', '2.3.4', 'v2.9.1', '2.4.0-rc.10', '2.4.0-rc.2'].sort(compareVersions);
    expect(sorted).toEqual(['2.3.4', '2.4.0-rc.1', '2.4.0-rc.2', '2.4.0-rc.10', '2.4.0', 'v2.9.1', '2.10.0']);
    expect(compareVersions('5.13.0-rc.1', '5.12.0')).toBeGreaterThan(0);
  });
});

describe('canary detection', () => {
  const t = (service: string, version: string, requests: number, canaryMarked = false): VersionTraffic => ({ service, version, requests, canaryMarked });

  it('deployment.role=canary marks the canary; the busiest other version is the baseline', () => {
    expect(detectCanaries([t('pay', '2.3.4', 900), t('pay', '2.4.0-rc.1', 100, true), t('pay', '2.3.3', 5)])).toEqual([
      { service: 'pay', baselineVersion: '2.3.4', canaryVersion: '2.4.0-rc.1', detectedBy: 'deployment.role', canaryMarked: true },
    ]);
  });

  it('without marks, the newer version with the minority of traffic', () => {
    expect(detectCanaries([t('order', '5.12.0', 900), t('order', '5.13.0', 100)])).toMatchObject([{ baselineVersion: '5.12.0', canaryVersion: '5.13.0', detectedBy: 'minority-newer-version' }]);
    // A newer majority is a rollout nearly done; an older minority is a straggler: neither is a canary.
    expect(detectCanaries([t('order', '5.12.0', 100), t('order', '5.13.0', 900)])).toEqual([]);
    expect(detectCanaries([t('order', '5.12.0', 900), t('order', '5.11.0', 100)])).toEqual([]);
  });

  it('one version, unversioned spans, or a marked canary with no baseline: no canary', () => {
    expect(detectCanaries([t('a', '1.0.0', 10), t('b', '', 5), t('b', '1.0.0', 50)])).toEqual([]);
    expect(detectCanaries([t('c', '1.0.0', 10, true)])).toEqual([]);
  });
});

describe('error signatures', () => {
  it('error.type first, then exception type, then status message, normalised', () => {
    expect(errorSignature({ errorType: 'redis_timeout', exceptionType: 'redis.TimeoutError', statusMessage: 'x' })).toBe('redis_timeout');
    expect(errorSignature({ errorType: '', exceptionType: 'pgconn.ConnectError', statusMessage: '' })).toBe('pgconn.connecterror');
    const a = errorSignature({ errorType: '', exceptionType: '', statusMessage: 'timeout after 103ms on 10.0.3.7 for order 9f8e7d6c5b4a39281706f5e4d3c2b1a0' });
    const b = errorSignature({ errorType: '', exceptionType: '', statusMessage: 'Timeout after 98ms on 10.0.1.2 for order 0123456789abcdef0123456789abcdef' });
    expect(a).toBe(b);
    expect(a).toBe('timeout after <n>ms on <n> for order <id>');
    expect(errorSignature({ errorType: ' ', exceptionType: '', statusMessage: '' })).toBe('(no error type)');
  });

  it('novelty: share of canary errors whose signature the baseline never shows', () => {
    const n = errorNovelty(
      [
        { signature: 'redis_timeout', count: 45 },
        { signature: 'psp_gateway_error', count: 3 },
        { signature: 'redis_timeout', count: 2 },
      ],
      new Set(['psp_gateway_error']),
    );
    expect(n).toEqual({ canaryErrors: 50, novelErrors: 47, share: 0.94, novelSignatures: [{ signature: 'redis_timeout', count: 47 }] });
    expect(errorNovelty([], new Set()).share).toBe(0);
  });
});

describe('metric classification', () => {
  const side = (requests: number, errors: number, sample: number[], p90: number | null = null): SideData => ({
    requests,
    errors,
    quantilesMs: { p50: null, p90, p99: null },
    latencySampleMs: sample,
  });
  const base = Array.from({ length: 400 }, (_, i) => 50 + (i % 100));
  const none = { canaryErrors: 0, novelErrors: 0, share: 0, novelSignatures: [] };

  it('a significant latency shift beyond tolerance is High; the same shift within tolerance passes', () => {
    const slow = compareMetrics({ canary: side(400, 0, base.map((v) => v * 1.5)), baseline: side(4000, 0, base), novelty: none }, DEFAULT_CANARY_SETTINGS);
    const p90 = slow.find((m) => m.id === 'latencyP90')!;
    expect(p90.classification).toBe('High');
    expect(p90.pValue).toBeLessThan(1e-10);
    expect(p90.comparison?.value).toBeCloseTo(1.5, 1);
    expect(p90.shiftMs).toBeGreaterThan(30);
    const slight = compareMetrics({ canary: side(400, 0, base.map((v) => v * 1.05)), baseline: side(4000, 0, base), novelty: none }, DEFAULT_CANARY_SETTINGS);
    expect(slight.find((m) => m.id === 'latencyP90')!.classification).toBe('Pass');
    const fast = compareMetrics({ canary: side(400, 0, base.map((v) => v * 0.5)), baseline: side(4000, 0, base), novelty: none }, DEFAULT_CANARY_SETTINGS);
    expect(fast.find((m) => m.id === 'latencyP90')).toMatchObject({ classification: 'Low', failed: false });
  });

  it('error rate: High only when significant and above tolerance; rollup quantiles win over the sample', () => {
    const m = compareMetrics({ canary: side(1000, 48, base, 120), baseline: side(1000, 2, base, 100), novelty: none }, DEFAULT_CANARY_SETTINGS);
    expect(m.find((x) => x.id === 'errorRate')).toMatchObject({ classification: 'High', failed: true, critical: true, canary: 0.048, baseline: 0.002 });
    expect(m.find((x) => x.id === 'latencyP90')!.comparison?.value).toBeCloseTo(1.2, 12);
    const noise = compareMetrics({ canary: side(100, 1, base), baseline: side(1000, 5, base), novelty: none }, DEFAULT_CANARY_SETTINGS);
    expect(noise.find((x) => x.id === 'errorRate')!.classification).toBe('Pass');
  });

  it('throughput share and novelty thresholds; NoData without traffic', () => {
    const m = compareMetrics(
      { canary: side(5, 1, [10]), baseline: side(995, 0, [10]), novelty: { canaryErrors: 1, novelErrors: 1, share: 1, novelSignatures: [{ signature: 'x', count: 1 }] } },
      DEFAULT_CANARY_SETTINGS,
    );
    expect(m.find((x) => x.id === 'throughputShare')).toMatchObject({ canary: 0.005, classification: 'Low', failed: true });
    expect(m.find((x) => x.id === 'errorNovelty')).toMatchObject({ canary: 1, classification: 'High' });
    const empty = compareMetrics({ canary: side(0, 0, []), baseline: side(10, 0, [1]), novelty: none }, DEFAULT_CANARY_SETTINGS);
    expect(empty.every((x) => x.classification === 'NoData' || x.id === 'throughputShare')).toBe(true);
  });
});

describe('sightline.canary.yaml', () => {
  it('every field defaults to SPEC §5.3; given fields override', () => {
    const c = parseCanaryConfig('minRequests: 200\nmetrics:\n  latencyP90: { weight: 5 }\nverdict:\n  rollback: { minNovelty: 0.2 }\n', '/x/sightline.canary.yaml');
    expect(c.settings.minRequests).toBe(200);
    expect(c.settings.confidence).toBe(0.98);
    expect(c.settings.metrics.latencyP90).toEqual({ weight: 5, critical: false, tolerance: 0.15 });
    expect(c.settings.metrics.errorRate).toEqual({ weight: 3, critical: true, tolerance: 0.001 });
    expect(c.settings.verdict).toEqual({ promote: { minScore: 95, maxP90Ratio: 1.15, maxErrorRateIncrease: 0.005 }, rollback: { belowScore: 75, maxP90Ratio: 1.3, minNovelty: 0.2 } });
    expect(parseCanaryConfig('', 'f').settings).toEqual(DEFAULT_CANARY_SETTINGS);
  });

  it('the example file spells out exactly the defaults', async () => {
    const file = path.resolve(__dirname, '../../sightline.canary.example.yaml');
    expect(parseCanaryConfig(await readFile(file, 'utf8'), file).settings).toEqual(DEFAULT_CANARY_SETTINGS);
  });

  it('mistakes name the file, line, column and field', () => {
    expect(() => parseCanaryConfig('confidence: 0.98\nmetrics:\n  latencyP90:\n    wieght: 2\n', '/x/c.yaml')).toThrow(
      /\/x\/c\.yaml: line 4, column 5: metrics\.latencyP90: Unrecognized key: "wieght"/,
    );
    expect(() => parseCanaryConfig('confidence: 2\n', 'c.yaml')).toThrow(/c\.yaml: line 1, column 13: confidence: must be below 1/);
    expect(() => parseCanaryConfig('verdict: [1\n', 'c.yaml')).toThrow(/c\.yaml: line \d+, column \d+: invalid YAML/);
    expect(() => parseCanaryConfig('verdict: { promote: { minScore: 50 } }\n', 'c.yaml')).toThrow(/verdict\.promote\.minScore: must not be below verdict\.rollback\.belowScore/);
  });
});
