import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { rollupWindow } from '../queries/buckets';
import { queryRows } from '../queries/run';
import { baseMinute, insertSpans, span } from '../testing/span-fixture';
import { errorSignatureRows, latencySample, type LatencyObservation } from './canary-queries';
import type { CanaryPair } from './detect-canary';

// The narrowed canary tables of migration 0012 against the raw spans they are filled from.
// Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;
const M = 60_000;
const START = baseMinute(30);
const BASELINE = 3200;
const CANARY = 1600;
const pair: CanaryPair = { service: 'sample-svc', baselineVersion: '1.0.0', canaryVersion: '1.1.0', detectedBy: 'deployment.role', canaryMarked: true };
const window = rollupWindow(START, START + 20 * M, START + 30 * M);

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const rows = [];
  const side = (i: number, canary: boolean, region = 'r1') => ({
    ms: START + ((i * 997) % (20 * M)),
    service: pair.service,
    durationMs: (canary ? 30 : 20) + (i % 50),
    resource: { 'service.version': canary ? '1.1.0' : '1.0.0', 'deployment.role': canary ? 'canary' : 'stable', 'cloud.region': region },
  });
  for (let i = 0; i < BASELINE; i++) {
    const error = i % 100 === 0;
    rows.push(span({ ...side(i, false), ...(error ? { attributes: { 'http.response.status_code': '503', 'error.type': 'mysql_error' } } : {}) }));
  }
  for (let i = 0; i < CANARY; i++) {
    const error = i % 20 === 0;
    rows.push(
      span({
        ...side(i, true),
        ...(error ? { status: 'Error' as const, statusMessage: 'redis: i/o timeout', events: [{ ms: START, name: 'exception', attributes: { 'exception.type': 'redis.TimeoutError' } }] } : {}),
      }),
    );
    // Outside what is compared: a region the baseline does not serve, and CLIENT spans.
    rows.push(span({ ...side(i, true, 'r9'), status: 'Error' }));
    rows.push(span({ ...side(i, true), kind: 'Client', status: 'Error' }));
  }
  await insertSpans(store, rows);
});

afterAll(async () => {
  await cleanup();
});

const bySide = (obs: LatencyObservation[], side: 'canary' | 'baseline') => obs.filter((o) => o.side === side);

describe('canary span tables', () => {
  it('keep about one SERVER span in 16', async () => {
    const [row] = await queryRows<{ n: number }>(store, `SELECT count() AS n FROM canary_span_sample WHERE ServiceName = 'sample-svc'`);
    const server = BASELINE + 2 * CANARY;
    expect(Number(row!.n)).toBeGreaterThan(server / 32);
    expect(Number(row!.n)).toBeLessThan(server / 8);
  });

  it('give the same latency sample as the raw spans, from the stored sixteenth or from raw spans when it is short', async () => {
    // Larger than either side: every raw span of the compared minutes and region, in hash order.
    const all = await latencySample(store, pair, window, 1_000_000);
    expect(bySide(all, 'baseline')).toHaveLength(BASELINE);
    expect(bySide(all, 'canary')).toHaveLength(CANARY);
    for (const perSide of [40, 500]) {
      const sample = await latencySample(store, pair, window, perSide);
      for (const s of ['canary', 'baseline'] as const) expect(bySide(sample, s)).toEqual(bySide(all, s).slice(0, perSide));
    }
  });

  it('count every failing SERVER span by its signature fields, per side', async () => {
    const rows = await errorSignatureRows(store, pair, window, 60);
    const total = (side: string, errorType: string, exceptionType: string) =>
      rows.filter((r) => r.side === side && r.errorType === errorType && r.exceptionType === exceptionType).reduce((n, r) => n + r.count, 0);
    expect(total('baseline', 'mysql_error', '')).toBe(BASELINE / 100);
    expect(total('canary', '', 'redis.TimeoutError')).toBe(CANARY / 20);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(BASELINE / 100 + CANARY / 20);
    expect(rows.find((r) => r.side === 'canary')?.statusMessage).toBe('redis: i/o timeout');
  });
});
