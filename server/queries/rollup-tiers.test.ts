import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { loadMigrations } from '../../clickhouse/migrate';
import { openTestStore } from '../../clickhouse/test-store';
import { baseMinute, insertSpans, span } from '../testing/span-fixture';
import { rollupWindow } from './buckets';
import { tierParams } from './rollup';
import { num, queryRows } from './run';
import { getService, listServices } from './services';

// The hour tier (migration 0013) against the minute rollup it is fed from, and the readers that
// combine the two. Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;
const M = 60_000;
const H = 60 * M;
/** Three and a half hours ending 5 minutes ago are read: at least two whole hours inside. */
const END = baseMinute(5);
const START = END - 210 * M;
/** Traffic starts 40 minutes earlier, in the hour before START's, so a tier that rounds START down is caught. */
const FIRST = START - 40 * M;
const PER_MINUTE = 20;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const rows = [];
  for (let t = FIRST; t < END; t += M) {
    for (let i = 0; i < PER_MINUTE; i++) {
      const version = i % 4 === 0 ? '2.0.0' : '1.0.0';
      const resource = { 'service.version': version, 'cloud.region': i % 2 ? 'r1' : 'r2', 'cloud.availability_zone': i % 2 ? 'r1a' : 'r2a' };
      rows.push(span({ ms: t + i * 1000, service: 'tier-svc', name: i % 3 ? 'GET /a' : 'GET /b', durationMs: 5 + ((i * 37) % 200), status: i === 7 ? 'Error' : 'Unset', resource }));
      if (i < 5) rows.push(span({ ms: t + i * 1000, service: 'tier-svc', kind: 'Client', attributes: { 'peer.service': 'db-svc' }, durationMs: 3, resource }));
    }
  }
  await insertSpans(store, rows);
});

afterAll(async () => {
  await cleanup();
});

const minutes = (fromMs: number, toMs: number) => Math.round((toMs - fromMs) / M);

describe('the hour tier of the rollup', () => {
  it('splits a window into its whole hours and the minutes around them', () => {
    const w = rollupWindow(Date.UTC(2026, 0, 1, 10, 17), Date.UTC(2026, 0, 1, 13, 42), Date.UTC(2026, 0, 2));
    expect(tierParams(w)).toMatchObject({ hourStart: Date.UTC(2026, 0, 1, 11) / 1000, hourEnd: Date.UTC(2026, 0, 1, 13) / 1000 });
    const short = rollupWindow(Date.UTC(2026, 0, 1, 10, 17), Date.UTC(2026, 0, 1, 10, 50), Date.UTC(2026, 0, 2));
    const p = tierParams(short);
    expect(p.hourEnd).toBe(p.hourStart);
  });

  it('holds the minute rollup summed per hour, also when backfilled by its migration', async () => {
    const sql = `SELECT toUnixTimestamp(toStartOfHour(Minute)) AS h, SpanKind AS k, sum(Calls) AS calls, sum(Errors) AS errors, sum(SlowOver100ms) AS slow
                 FROM span_rollup_1m GROUP BY h, k ORDER BY h, k`;
    const hourly = `SELECT toUnixTimestamp(Hour) AS h, SpanKind AS k, sum(Calls) AS calls, sum(Errors) AS errors, sum(SlowOver100ms) AS slow
                    FROM span_rollup_1h GROUP BY h, k ORDER BY h, k`;
    const fromMinutes = await queryRows(store, sql);
    expect(fromMinutes.length).toBeGreaterThanOrEqual(10);
    expect(await queryRows(store, hourly)).toEqual(fromMinutes);

    await store.client.command({ query: 'TRUNCATE TABLE span_rollup_1h' });
    const migration = (await loadMigrations()).find((m) => m.name === '0013_span_rollup_1h')!;
    const backfill = migration.statements.filter((s) => s.startsWith('INSERT INTO span_rollup_1h'));
    expect(backfill).toHaveLength(1);
    for (let run = 0; run < 2; run++) await store.client.command({ query: backfill[0]! });
    expect(await queryRows(store, hourly)).toEqual(fromMinutes);
  });

  it('gives services.list and services.get the same counts as the minutes, and close quantiles', async () => {
    const range = { from: START, to: END };
    const expectedCalls = minutes(START, END) * PER_MINUTE;
    const [listed] = await listServices(store, range, END + M);
    expect(listed).toMatchObject({ service: 'tier-svc', calls: expectedCalls, errors: minutes(START, END) });
    expect(listed!.spark.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);


    const detail = await getService(store, 'tier-svc', range, END + M);
    expect(listed!.p95Ms).toBe(detail.totals.p95Ms);
    expect(detail.totals.calls).toBe(expectedCalls);
    expect(detail.series.reduce((n, p) => n + p.calls, 0)).toBe(expectedCalls);
    expect(detail.operations.map((o) => o.calls).reduce((a, b) => a + b, 0)).toBe(expectedCalls);
    expect(detail.dependencies).toEqual([expect.objectContaining({ peerService: 'db-svc', calls: minutes(START, END) * 5 })]);
    // Versions are seen from their first to their last minute, not rounded to hours.
    for (const v of detail.versions) expect(v).toMatchObject({ firstSeenMs: START, lastSeenMs: END });
    const [stats] = await queryRows<{ p: number[] }>(
      store,
      `SELECT quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(DurationQuantiles) AS p FROM span_rollup_1m
       WHERE ServiceName = 'tier-svc' AND SpanKind = 'Server' AND Minute >= toDateTime({s:UInt32}) AND Minute < toDateTime({e:UInt32})`,
      { s: START / 1000, e: END / 1000 },
    );
    expect(detail.totals.p95Ms!).toBeCloseTo(num(stats!.p[2]) / 1e6, -1);
  });
});
