import type { Store } from '../../clickhouse/client';
import { num, queryRows, type QueryParams } from '../queries/run';
import type { Counts } from './budget-math';
import type { SliSpec } from './slo-definition';

/**
 * SLO counts from the 1-minute rollup (never raw spans), so a 28-day window costs the same at
 * any span volume. Every value from a request is a bound parameter; the SQL text only varies
 * with constants chosen here (column names) and with how many windows are asked for.
 */

/** Rollup columns that count bad requests, per SLI. Requests are SERVER spans (`Calls`). */
const BAD_COLUMNS = { errors: 'Errors', slow100: 'SlowOver100ms', slow300: 'SlowOver300ms', slow1s: 'SlowOver1s' } as const;
export type BadColumn = keyof typeof BAD_COLUMNS;
const BAD_KEYS = Object.keys(BAD_COLUMNS) as BadColumn[];

export function badColumnOf(sli: SliSpec): BadColumn {
  if (sli.kind === 'availability') return 'errors';
  return sli.thresholdMs === 100 ? 'slow100' : sli.thresholdMs === 300 ? 'slow300' : 'slow1s';
}

/** Which requests an SLO counts: a service's SERVER spans, optionally of one operation. */
export interface Selector {
  service: string;
  route?: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** One minute of one selector: requests and bad requests per bad column. */
export type MinuteRow = { minuteMs: number; total: number } & Record<BadColumn, number>;

export const selectorKey = (s: Selector) => (s.route === undefined ? s.service : `${s.service}\u0000${s.route}`);

function routeFilter(selectors: Selector[], params: QueryParams): string {
  const routed = selectors.filter((s): s is Required<Selector> => s.route !== undefined);
  const plain = selectors.filter((s) => s.route === undefined);
  const terms: string[] = [];
  if (plain.length > 0) {
    params.plainServices = plain.map((s) => s.service);
    terms.push('ServiceName IN {plainServices:Array(String)}');
  }
  if (routed.length > 0) {
    params.services = routed.map((r) => r.service);
    params.routes = routed.map((r) => r.route);
    terms.push('has(arrayZip({services:Array(String)}, {routes:Array(String)}), (ServiceName, Operation))');
  }
  return `(${terms.join(' OR ')})`;
}

/**
 * Per-minute requests and bad requests (every bad column) of several selectors over
 * [startMs, endMs), in one query per kind of selector: with or without a route filter.
 */
export async function minuteCounts(store: Store, selectors: Selector[], startMs: number, endMs: number): Promise<Map<string, MinuteRow[]>> {
  const out = new Map<string, MinuteRow[]>(selectors.map((s) => [selectorKey(s), []]));
  const kinds = [selectors.filter((s) => s.route === undefined), selectors.filter((s) => s.route !== undefined)].filter((k) => k.length > 0);
  await Promise.all(
    kinds.map(async (kind) => {
      const routed = kind[0]!.route !== undefined;
      const params: QueryParams = { start: seconds(startMs), end: seconds(endMs) };
      const rows = await queryRows<Record<string, number | string>>(
        store,
        `SELECT ServiceName AS service, ${routed ? 'Operation' : "''"} AS route, toUnixTimestamp(Minute) AS m,
                sum(Calls) AS total, ${BAD_KEYS.map((b) => `sum(${BAD_COLUMNS[b]}) AS ${b}`).join(', ')}
         FROM span_rollup_1m
         WHERE SpanKind = 'Server' AND ${routeFilter(kind, params)}
           AND Minute >= toDateTime({start:UInt32}) AND Minute < toDateTime({end:UInt32})
         GROUP BY service, route, m`,
        params,
      );
      for (const r of rows) {
        const key = selectorKey(routed ? { service: String(r.service), route: String(r.route) } : { service: String(r.service) });
        const row = { minuteMs: num(r.m) * 1000, total: num(r.total) } as MinuteRow;
        for (const b of BAD_KEYS) row[b] = num(r[b]);
        out.get(key)?.push(row);
      }
    }),
  );
  return out;
}

export interface WindowRange {
  fromMs: number;
  toMs: number;
}

/** Minutes judged against a slice target (Timeslices budgeting). */
export interface SliceSpec {
  bad: BadColumn;
  target: number;
}

export const windowKey = (w: WindowRange) => `${w.fromMs}:${w.toMs}`;
export const sliceKey = (s: SliceSpec) => `${s.bad}:${s.target}`;

/** Sums for one selector: requests and each bad column per window, and slice counts. */
export interface WindowSums {
  selector: Selector;
  /** windowKey → requests and bad requests per bad column. */
  sums: Map<string, { total: number } & Record<BadColumn, number>>;
  /** `${windowKey}|${sliceKey}` → minutes with requests, and those below the slice target. */
  slices: Map<string, Counts>;
}

export interface WindowSumsRequest {
  windows: WindowRange[];
  slices: SliceSpec[];
  /** Routed selectors only; unrouted sums cover every service that has SERVER spans. */
  routes?: Array<Required<Selector>>;
}

/**
 * For every selector, request and bad-request sums over each window, in one query: the rollup
 * is aggregated to one row per minute server-side, then summed per window. Minutes are judged
 * for Timeslices with the same comparison as `isBadSlice`.
 */
export async function windowSums(store: Store, request: WindowSumsRequest): Promise<WindowSums[]> {
  const { windows, slices, routes } = request;
  if (windows.length === 0) return [];
  const params: QueryParams = {
    start: seconds(Math.min(...windows.map((w) => w.fromMs))),
    end: seconds(Math.max(...windows.map((w) => w.toMs))),
  };
  const columns: string[] = [];
  windows.forEach((w, i) => {
    params[`s${i}`] = seconds(w.fromMs);
    params[`e${i}`] = seconds(w.toMs);
    const inWindow = `m >= {s${i}:UInt32} AND m < {e${i}:UInt32}`;
    columns.push(`sumIf(total, ${inWindow}) AS total_${i}`);
    for (const b of BAD_KEYS) columns.push(`sumIf(${b}, ${inWindow}) AS ${b}_${i}`);
    if (slices.length > 0) columns.push(`countIf(total > 0 AND ${inWindow}) AS active_${i}`);
    slices.forEach((s, j) => {
      params[`target${j}`] = s.target;
      columns.push(`countIf(total > 0 AND (total - ${s.bad}) / total < {target${j}:Float64} AND ${inWindow}) AS badslices_${i}_${j}`);
    });
  });
  const filter = routes ? `AND ${routeFilter(routes, params)}` : '';
  const route = routes ? 'Operation' : "''";
  const rows = await queryRows<Record<string, number | string>>(
    store,
    `SELECT service, route, ${columns.join(',\n       ')}
     FROM (
       SELECT ServiceName AS service, ${route} AS route, toUnixTimestamp(Minute) AS m,
              sum(Calls) AS total, ${BAD_KEYS.map((b) => `sum(${BAD_COLUMNS[b]}) AS ${b}`).join(', ')}
       FROM span_rollup_1m
       WHERE SpanKind = 'Server' ${filter}
         AND Minute >= toDateTime({start:UInt32}) AND Minute < toDateTime({end:UInt32})
       GROUP BY service, route, m
     )
     GROUP BY service, route`,
    params,
  );
  return rows.map((row) => {
    const sums: WindowSums['sums'] = new Map();
    const sliceCounts: WindowSums['slices'] = new Map();
    windows.forEach((w, i) => {
      const entry = { total: num(row[`total_${i}`]) } as { total: number } & Record<BadColumn, number>;
      for (const b of BAD_KEYS) entry[b] = num(row[`${b}_${i}`]);
      sums.set(windowKey(w), entry);
      slices.forEach((s, j) => sliceCounts.set(`${windowKey(w)}|${sliceKey(s)}`, { total: num(row[`active_${i}`]), bad: num(row[`badslices_${i}_${j}`]) }));
    });
    const selector: Selector = routes ? { service: String(row.service), route: String(row.route) } : { service: String(row.service) };
    return { selector, sums, slices: sliceCounts };
  });
}
