import type { Store } from '../../clickhouse/client';
import { rawWindow, type RawWindow } from '../regions/raw-window';
import { summarizeUnits, type UnitSummary } from '../regions/unit-summary';
import type { TimeRange } from '../time-range';
import { nsToMs, num, queryRows } from './run';

const EXAMPLES = 20;

/**
 * A request's unit is the `x_unit_id` attribute of a SERVER span (the routing header, SPEC §4).
 * A unit's home region is the region of the resources that report it as `sightline.unit`
 * (the most common one, should a unit appear in two), so no unit table has to be configured.
 */
const ROUTED = `
  homes AS (
    SELECT unit, argMax(region, (n, region)) AS home
    FROM (
      SELECT Unit AS unit, Region AS region, count() AS n
      FROM span_hops
      WHERE SpanKind = 'Server' AND Unit != '' AND Region != ''
        AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
      GROUP BY unit, region
    )
    GROUP BY unit
  ),
  routed AS (
    SELECT r.*, h.home AS home
    FROM (
      SELECT Timestamp, TraceId, SpanId, ServiceName, SpanName, RequestUnit AS unit, Region AS served, Az AS az
      FROM unit_requests
      WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
    ) AS r
    LEFT JOIN homes AS h ON h.unit = r.unit
  )`;

export interface UnitViolationExample {
  traceId: string;
  spanId: string;
  /** Epoch ms. */
  time: number;
  service: string;
  operation: string;
  unit: string;
  home: string;
  served: string;
  az: string;
}

export interface UnitViolations extends UnitSummary {
  window: RawWindow;
  /** The latest violating requests, newest first, to open as traces. */
  examples: UnitViolationExample[];
}

export async function unitViolations(store: Store, range: TimeRange, nowMs = Date.now()): Promise<UnitViolations> {
  const params = { from: range.from, to: range.to, limit: EXAMPLES };
  const [routes, examples] = await Promise.all([
    queryRows<{ unit: string; home: string; served: string; requests: number | string }>(
      store,
      `WITH ${ROUTED}
       SELECT unit, home, served, count() AS requests FROM routed GROUP BY unit, home, served`,
      params,
    ),
    queryRows<{ tsNs: string; traceId: string; spanId: string; service: string; operation: string; unit: string; home: string; served: string; az: string }>(
      store,
      `WITH ${ROUTED}
       SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs, TraceId AS traceId, SpanId AS spanId, ServiceName AS service,
              SpanName AS operation, unit, home, served, az
       FROM routed
       WHERE home != '' AND home != served
       ORDER BY Timestamp DESC, TraceId, SpanId
       LIMIT {limit:UInt32}`,
      params,
    ),
  ]);
  return {
    window: rawWindow(range, nowMs),
    ...summarizeUnits(routes.map((r) => ({ ...r, requests: num(r.requests) }))),
    examples: examples.map(({ tsNs, ...e }) => ({ ...e, time: Math.floor(nsToMs(tsNs) ?? 0) })),
  };
}
