import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { num, queryRows } from '../queries/run';
import { insertSpans, nextSpanId, span, traceIdOf } from '../testing/span-fixture';
import { observabilityByService } from './observability-measure';
import { floorMinute } from '../time-range';
import { orphansSettledUntil, settleOrphanMinutes } from './orphan-minutes';
import { SETTLE_MS } from './snapshot-days';
import { BARE_ERROR, MISSING_ATTRIBUTES } from './span-quality-sql';

let store: Store;
let cleanup: () => Promise<void>;
const now = Date.now();
const full = { 'service.version': '1.0.0', 'cloud.region': 'cn-east-1' };

/** Minute `m` before now, plus a few seconds so spans sit inside a minute. */
const at = (minutesAgo: number, i = 0) => floorMinute(now) - minutesAgo * 60_000 + 1000 + i;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const rows = [];
  // Every 10 minutes over the last 4 hours: a caller CLIENT span and its SERVER child in
  // ship-svc; every third one's parent never arrives. Some spans lack attributes or carry bare errors.
  for (let m = 240, k = 0; m >= 5; m -= 10, k++) {
    const traceId = traceIdOf(1000 + k);
    const clientId = nextSpanId();
    const orphan = k % 3 === 0;
    if (!orphan) rows.push(span({ ms: at(m), service: 'order-svc', kind: 'Client', name: 'ship', traceId, spanId: clientId, resource: full }));
    rows.push(
      span({
        ms: at(m, 1),
        service: 'ship-svc',
        kind: 'Server',
        name: 'ship.v1/Ship',
        traceId,
        parentSpanId: orphan ? nextSpanId() : clientId,
        attributes: k % 4 === 0 ? {} : { 'rpc.method': 'Ship' },
        resource: k % 5 === 0 ? { 'cloud.region': 'cn-east-1' } : full,
        status: k % 2 === 0 ? 'Error' : 'Unset',
        statusMessage: k % 6 === 0 ? 'boom' : '',
      }),
    );
  }
  await insertSpans(store, rows);
});
afterAll(async () => {
  await cleanup();
});

describe('span quality rollups for the observability dimension', () => {
  it('hold per minute exactly what the raw span conditions count', async () => {
    const raw = await queryRows<Record<string, string | number>>(
      store,
      `SELECT ServiceName AS s, count() AS spans, countIf(${MISSING_ATTRIBUTES}) AS missing, countIf(SpanKind = 'Server') AS server,
              countIf(StatusCode = 'Error') AS errors, countIf(${BARE_ERROR}) AS bare
       FROM otel_traces GROUP BY s ORDER BY s`,
    );
    const rolled = await queryRows<Record<string, string | number>>(
      store,
      `SELECT ServiceName AS s, sum(Spans) AS spans, sum(MissingAttributes) AS missing, sum(ServerSpans) AS server,
              sum(ErrorSpans) AS errors, sum(BareErrors) AS bare
       FROM span_quality_1m GROUP BY s ORDER BY s`,
    );
    const numbers = (rows: Record<string, string | number>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 's' ? v : num(v)])));
    expect(numbers(rolled)).toEqual(numbers(raw));
    expect(numbers(raw).find((r) => r.s === 'ship-svc')).toMatchObject({ spans: 24, server: 24, errors: 12 });
  });

  it('count the same orphans from settled minutes as from raw spans, and settle each minute once', async () => {
    const from = now - 4 * 3_600_000;
    const before = await observabilityByService(store, from, now);
    expect(before.get('ship-svc')).toMatchObject({ spans: 24, serverSpans: 24, orphans: 8 });

    let passes = 0;
    while (await settleOrphanMinutes(store, now)) passes++;
    // Four hours of history, an hour to a pass, the last hour not settled yet.
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(await orphansSettledUntil(store)).toBe(floorMinute(now - SETTLE_MS));
    expect(await settleOrphanMinutes(store, now)).toBe(false);

    const [stored] = await queryRows<{ n: number | string }>(store, `SELECT sum(Orphans) AS n FROM span_orphans_1m WHERE ServiceName = 'ship-svc'`);
    // The orphans of the settled minutes only: those older than an hour (k = 0, 3, … up to minute 65).
    const settledOrphans = [...Array(24).keys()].filter((k) => k % 3 === 0 && 240 - 10 * k > 60).length;
    expect(num(stored!.n)).toBe(settledOrphans);
    expect(await observabilityByService(store, from, now)).toEqual(before);

    // Hours without a single span still move the settled mark on.
    const later = now + 3 * 3_600_000;
    while (await settleOrphanMinutes(store, later));
    expect(await orphansSettledUntil(store)).toBe(floorMinute(later - SETTLE_MS));
    expect(await observabilityByService(store, from, now)).toEqual(before);
  });

  it('reads only the whole minutes of the window', async () => {
    // From just after minute 240's spans to now: that minute is left out.
    const measures = await observabilityByService(store, floorMinute(now) - 239 * 60_000, now);
    expect(measures.get('ship-svc')).toMatchObject({ spans: 23, orphans: 7 });
  });
});
