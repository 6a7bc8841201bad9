import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { rollupWindow } from '../queries/buckets';
import { queryRows } from '../queries/run';
import { baseMinute, insertSpans, span } from '../testing/span-fixture';
import { errorSignatureRows, latencySample, sideStats, type LatencyObservation } from './canary-queries';
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
// A second, small pair without canary marks: read together with the first, each keeps its own
// versions, and its stored sixteenth is short where the first one's is not.
const other: CanaryPair = { service: 'sample-two', baselineVersion: '2.0.0', canaryVersion: '2.1.0', detectedBy: 'minority-newer-version', canaryMarked: false };
const OTHER_BASELINE = 320;
const OTHER_CANARY = 160;
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
  for (let i = 0; i < OTHER_BASELINE + OTHER_CANARY; i++) {
    const canary = i < OTHER_CANARY;
    rows.push(
      span({
        ms: START + ((i * 7919) % (20 * M)),
        service: other.service,
        durationMs: (canary ? 12 : 10) + (i % 30),
        resource: { 'service.version': canary ? '2.1.0' : '2.0.0', 'cloud.region': 'r1' },
        ...(i % 40 === 0 ? { status: 'Error' as const, statusMessage: 'pool exhausted' } : {}),
      }),
    );
  }
  await insertSpans(store, rows);
});

const sampleOf = async (p: CanaryPair, perSide: number) => (await latencySample(store, [p], window, perSide)).get(p.service) ?? [];

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
    const all = await sampleOf(pair, 1_000_000);
    expect(bySide(all, 'baseline')).toHaveLength(BASELINE);
    expect(bySide(all, 'canary')).toHaveLength(CANARY);
    for (const perSide of [40, 500]) {
      const sample = await sampleOf(pair, perSide);
      for (const s of ['canary', 'baseline'] as const) expect(bySide(sample, s)).toEqual(bySide(all, s).slice(0, perSide));
    }
  });

  it('read several pairs at once with the same answers as one at a time', async () => {
    const otherAll = await sampleOf(other, 1_000_000);
    expect(bySide(otherAll, 'baseline')).toHaveLength(OTHER_BASELINE);
    expect(bySide(otherAll, 'canary')).toHaveLength(OTHER_CANARY);
    // 40 per side: the first pair's stored sixteenth has enough, the second's (~20 + ~10) does not.
    const both = await latencySample(store, [pair, other], window, 40);
    expect(both.get(pair.service)).toEqual(await sampleOf(pair, 40));
    for (const s of ['canary', 'baseline'] as const) expect(bySide(both.get(other.service) ?? [], s)).toEqual(bySide(otherAll, s).slice(0, 40));

    const signatures = await errorSignatureRows(store, [pair, other], window, 60);
    expect(signatures.get(pair.service)).toEqual((await errorSignatureRows(store, [pair], window, 60)).get(pair.service));
    const otherErrors = signatures.get(other.service) ?? [];
    expect(otherErrors.reduce((n, r) => n + r.count, 0)).toBe((OTHER_BASELINE + OTHER_CANARY) / 40);
    expect(otherErrors.filter((r) => r.side === 'canary').reduce((n, r) => n + r.count, 0)).toBe(OTHER_CANARY / 40);

    const stats = await sideStats(store, [pair, other], window, 300);
    const total = (service: string, side: string) => stats.get(service)?.find((b) => b.side === side && b.t === null)?.requests;
    expect([total(pair.service, 'canary'), total(pair.service, 'baseline')]).toEqual([CANARY, BASELINE]);
    expect([total(other.service, 'canary'), total(other.service, 'baseline')]).toEqual([OTHER_CANARY, OTHER_BASELINE]);
    expect(await sideStats(store, [], window, 300)).toEqual(new Map());
  });

  it('count every failing SERVER span by its signature fields, per side', async () => {
    const rows = (await errorSignatureRows(store, [pair], window, 60)).get(pair.service) ?? [];
    const total = (side: string, errorType: string, exceptionType: string) =>
      rows.filter((r) => r.side === side && r.errorType === errorType && r.exceptionType === exceptionType).reduce((n, r) => n + r.count, 0);
    expect(total('baseline', 'mysql_error', '')).toBe(BASELINE / 100);
    expect(total('canary', '', 'redis.TimeoutError')).toBe(CANARY / 20);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(BASELINE / 100 + CANARY / 20);
    expect(rows.find((r) => r.side === 'canary')?.statusMessage).toBe('redis: i/o timeout');
  });
});
