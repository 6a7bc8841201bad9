import type { Store } from '../../clickhouse/client';
import { num, queryRows } from '../queries/run';
import { floorMinute } from '../time-range';
import { ORPHAN_SERVER_SPAN, SPANS_IN_WINDOW } from './span-quality-sql';
import { SETTLE_MS } from './snapshot-days';

const MINUTE_MS = 60_000;
/** Minutes one pass settles: an hour of spans plus the two hours around it for the parents. */
const PASS_MINUTES = 60;

/** Orphaned SERVER spans of [from, to) per service, from raw spans. */
export const ORPHANS_BY_SERVICE = `
  SELECT ServiceName AS Service, countIf(${ORPHAN_SERVER_SPAN}) AS orphans
  FROM otel_traces
  WHERE ${SPANS_IN_WINDOW} AND SpanKind = 'Server' AND ParentSpanId != ''
  GROUP BY ServiceName`;

const ORPHANS_BY_MINUTE = `
  SELECT toUnixTimestamp(toStartOfMinute(Timestamp)) AS minute, ServiceName AS Service, countIf(${ORPHAN_SERVER_SPAN}) AS orphans
  FROM otel_traces
  WHERE ${SPANS_IN_WINDOW} AND SpanKind = 'Server' AND ParentSpanId != ''
  GROUP BY minute, ServiceName
  HAVING orphans > 0`;

/** The end (epoch ms) of the minutes span_orphans_1m holds, every one before it settled; null before the first pass. */
export async function orphansSettledUntil(store: Store): Promise<number | null> {
  const [row] = await queryRows<{ settled: number | string | null }>(
    store,
    'SELECT toUnixTimestamp(max(Minute)) * 1000 + 60000 AS settled FROM span_orphans_1m HAVING count() > 0',
  );
  return row ? num(row.settled) : null;
}

/** The minute of the oldest span, where the first pass starts; null for an empty store. */
async function firstSpanMinute(store: Store): Promise<number | null> {
  const [row] = await queryRows<{ first: number | string }>(
    store,
    'SELECT toUnixTimestamp(toStartOfMinute(min(Timestamp))) * 1000 AS first FROM otel_traces HAVING count() > 0',
  );
  return row ? num(row.first) : null;
}

/**
 * Settles the next minutes (at most an hour of them) whose spans are older than SETTLE_MS, in one
 * insert so a crash cannot count a minute twice. Returns whether more minutes are ready.
 */
export async function settleOrphanMinutes(store: Store, nowMs: number): Promise<boolean> {
  const from = (await orphansSettledUntil(store)) ?? (await firstSpanMinute(store));
  const limit = floorMinute(nowMs - SETTLE_MS);
  if (from === null || from >= limit) return false;
  const to = Math.min(from + PASS_MINUTES * MINUTE_MS, limit);
  const rows = await queryRows<{ minute: number | string; Service: string; orphans: number | string }>(store, ORPHANS_BY_MINUTE, { from, to });
  const values = [
    ...rows.map((r) => ({ Minute: num(r.minute), ServiceName: r.Service, Orphans: num(r.orphans) })),
    { Minute: (to - MINUTE_MS) / 1000, ServiceName: '', Orphans: 0 },
  ];
  await store.client.insert({ table: 'span_orphans_1m', values, format: 'JSONEachRow' });
  return to < limit;
}
