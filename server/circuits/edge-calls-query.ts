import type { Store } from '../../clickhouse/client';
import { queryRows } from '../queries/run';
import type { EdgeCall } from './edge-call';

export interface EdgeKey {
  caller: string;
  callee: string;
}

export interface EdgeCalls extends EdgeKey {
  /** In completion order. */
  calls: EdgeCall[];
}

const IN_RANGE = `End >= fromUnixTimestamp64Milli({from:Int64})
    AND End < fromUnixTimestamp64Milli({to:Int64})
    AND ({caller:String} = '' OR Caller = {caller:String})`;

/**
 * Every call of every edge (or of one edge) that completed in [from, to), from the narrow
 * edge_calls table (migration 0007): the callee is peer.service, else the child SERVER span's
 * service. An hour of a busy platform is a few hundred thousand calls, so each edge comes as three
 * flat arrays of small integers (ms since the previous completion, the first since {from};
 * duration ns; flags): the deltas are a few digits each, so the text is about 40 % of one tuple
 * per call, and quicker to format and parse. Float64 and UInt32 come out as JSON numbers from
 * chDB and from a ClickHouse server alike.
 */
const EDGE_CALLS_SQL = `
SELECT caller, callee,
       arrayPopFront(arrayDifference(arrayPushFront(arrayMap(c -> c.1, sorted), {from:Int64}))) AS gaps,
       arrayMap(c -> toFloat64(c.2), sorted) AS durations,
       arrayMap(c -> c.3, sorted) AS flags
FROM
(
SELECT caller, callee, arraySort(groupArray((endMs, durNs, flags))) AS sorted
FROM
(
    SELECT Caller AS caller, Callee AS callee, toUnixTimestamp64Milli(End) AS endMs, DurationNs AS durNs, Flags AS flags
    FROM edge_calls
    WHERE Callee != '' AND ${IN_RANGE} AND ({callee:String} = '' OR Callee = {callee:String})
    UNION ALL
    SELECT c.Caller AS caller, s.ServiceName AS callee, toUnixTimestamp64Milli(c.End) AS endMs, c.DurationNs AS durNs, c.Flags AS flags
    FROM (SELECT Caller, End, DurationNs, Flags, TraceId, SpanId FROM edge_calls WHERE Callee = '' AND ${IN_RANGE}) AS c
    INNER JOIN
    (
        SELECT TraceId, ParentSpanId, ServiceName
        FROM otel_traces
        PREWHERE SpanKind = 'Server'
            AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) - INTERVAL 10 MINUTE
            AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
        WHERE ParentSpanId IN (SELECT SpanId FROM edge_calls WHERE Callee = '' AND ${IN_RANGE})
    ) AS s ON s.TraceId = c.TraceId AND s.ParentSpanId = c.SpanId
    WHERE {callee:String} = '' OR s.ServiceName = {callee:String}
)
GROUP BY caller, callee
)`;

interface Row {
  caller: string;
  callee: string;
  gaps: number[];
  durations: number[];
  flags: number[];
}

export async function readEdgeCalls(store: Store, fromMs: number, toMs: number, edge?: EdgeKey): Promise<EdgeCalls[]> {
  const from = Math.floor(fromMs);
  const rows = await queryRows<Row>(store, EDGE_CALLS_SQL, {
    from,
    to: Math.ceil(toMs),
    caller: edge?.caller ?? '',
    callee: edge?.callee ?? '',
  });
  return rows.map((r) => {
    let atMs = from;
    return {
      caller: r.caller,
      callee: r.callee,
      calls: r.gaps.map((gap, i) => {
        atMs += gap;
        const f = r.flags[i]!;
        const bad = (f & 1) !== 0;
        return { atMs, durationMs: r.durations[i]! / 1e6, bad, timeout: bad && (f & 2) !== 0, shortCircuited: (f & 4) !== 0 };
      }),
    };
  });
}
