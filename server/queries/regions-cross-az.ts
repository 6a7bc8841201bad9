import type { Store } from '../../clickhouse/client';
import { summarizeCrossAz, type CrossAzSummary } from '../regions/cross-az-summary';
import { rawWindow, type RawWindow } from '../regions/raw-window';
import type { TimeRange } from '../time-range';
import { num, queryRows } from './run';

/** A child SERVER span starts a network hop after its CLIENT span; clocks of two hosts drift too. */
const CHILD_SLACK_MS = 60_000;

export interface CrossAz extends CrossAzSummary {
  window: RawWindow;
}

/**
 * Cross-AZ share per edge (SPEC §5.4): every CLIENT span started in the range joined to its
 * child SERVER span (same trace, parent = the client span, matched by span_hops' CallKey),
 * comparing the AZ each side's resource reports. The rollup keeps the caller's AZ but not the
 * callee's, hence span_hops. Calls without an AZ on either side are left out.
 */
export async function crossAzEdges(store: Store, range: TimeRange, nowMs = Date.now()): Promise<CrossAz> {
  const rows = await queryRows<{
    caller: string;
    callee: string;
    callerAz: string;
    calleeAz: string;
    callerRegion: string;
    calleeRegion: string;
    calls: number | string;
  }>(
    store,
    `SELECT c.ServiceName AS caller, s.ServiceName AS callee, c.Az AS callerAz, s.Az AS calleeAz,
            c.Region AS callerRegion, s.Region AS calleeRegion, count() AS calls
     FROM (
       SELECT CallKey, ServiceName, Region, Az FROM span_hops
       WHERE SpanKind = 'Client' AND Az != ''
         AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
     ) AS c
     INNER JOIN (
       SELECT CallKey, ServiceName, Region, Az FROM span_hops
       WHERE SpanKind = 'Server' AND Az != ''
         AND Timestamp >= fromUnixTimestamp64Milli({childFrom:Int64}) AND Timestamp < fromUnixTimestamp64Milli({childTo:Int64})
     ) AS s ON s.CallKey = c.CallKey
     GROUP BY caller, callee, callerAz, calleeAz, callerRegion, calleeRegion`,
    { from: range.from, to: range.to, childFrom: range.from - CHILD_SLACK_MS, childTo: range.to + CHILD_SLACK_MS },
  );
  const window = rawWindow(range, nowMs);
  const pairs = rows.map((r) => ({ ...r, calls: num(r.calls) }));
  return { window, ...summarizeCrossAz(pairs, window.seconds) };
}
