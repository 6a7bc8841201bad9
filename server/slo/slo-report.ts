import type { Store } from '../../clickhouse/client';
import { chooseBucketSeconds, rollupWindow } from '../queries/buckets';
import { floorMinute, type TimeRange } from '../time-range';
import { LONGEST_BURN_WINDOW_MS } from './burn-windows';
import { DEFAULT_MIN_EVENTS } from './alert-policy';
import { evaluateSlo, evaluationWindows, type SloMath, type WindowCounter } from './evaluate-slo';
import { countsBetween, minuteSeries, toTimeslices } from './minute-series';
import { badColumnOf, minuteCounts, selectorKey, sliceKey, windowKey, windowSums, type MinuteRow, type SliceSpec, type WindowRange, type WindowSums } from './rollup-counts';
import { DEFAULT_SLO_WINDOW, findDefinition, withDefaults, type SloDefinition } from './slo-definition';
import { alertRunStart, alertSegments, sloHistory, type AlertSegment, type HistoryPoint } from './slo-history';
import { badSpanFilters, byBudgetRemaining, sinceOf, summarize, UNKNOWN_SINCE, type SloSummary } from './slo-summary';
import { windowAt } from './slo-window';

const MINUTE_MS = 60_000;
const HISTORY_POINTS = 240;
/** How far back slo.list looks for the start of a page or ticket. */
const MAX_SINCE_SEARCH_MS = 7 * 86_400_000;

/**
 * Evaluations end on a minute boundary: the minute holding `to` (or now) is included even while
 * it is still filling, because ratios of a partial minute are as valid as of a full one.
 */
function evaluationInstant(toMs: number, nowMs: number): number {
  return Math.ceil(Math.min(toMs, nowMs) / MINUTE_MS) * MINUTE_MS;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

function sliceSpecOf(def: SloDefinition): SliceSpec | undefined {
  return def.budgeting.method === 'Timeslices' ? { bad: badColumnOf(def.sli), target: def.budgeting.sliceTarget } : undefined;
}

/** Counts for one SLO out of the window sums computed in SQL; a selector without rows has no events. */
function sumsCounter(def: SloDefinition, sums: WindowSums | undefined): WindowCounter {
  const bad = badColumnOf(def.sli);
  const slice = sliceSpecOf(def);
  return (fromMs, toMs) => {
    const key = windowKey({ fromMs, toMs });
    if (!sums) return { events: { total: 0, bad: 0 }, budget: { total: 0, bad: 0 } };
    const s = sums.sums.get(key);
    if (!s) throw new Error(`window ${key} was not part of the SLO query`);
    const events = { total: s.total, bad: s[bad] };
    return { events, budget: slice ? sums.slices.get(`${key}|${sliceKey(slice)}`)! : events };
  };
}

/** Counts for one SLO from its per-minute rows (prefix sums): any window inside [startMs, atMs). */
function seriesCounter(def: SloDefinition, rows: MinuteRow[], startMs: number, atMs: number): WindowCounter {
  const bad = badColumnOf(def.sli);
  const events = minuteSeries(startMs, atMs, rows.map((r) => ({ minuteMs: r.minuteMs, total: r.total, bad: r[bad] })));
  const budget = def.budgeting.method === 'Timeslices' ? toTimeslices(events, def.budgeting.sliceTarget) : events;
  return (fromMs, toMs) => ({ events: countsBetween(events, fromMs, toMs), budget: countsBetween(budget, fromMs, toMs) });
}

const selectorOf = (def: SloDefinition) => (def.route === undefined ? { service: def.service } : { service: def.service, route: def.route });

function windowsOf(defs: SloMath[], atMs: number): WindowRange[] {
  return uniqueBy(
    defs.flatMap((d) => evaluationWindows(d, atMs)),
    windowKey,
  );
}

function slicesOf(defs: SloDefinition[]): SliceSpec[] {
  return uniqueBy(defs.map(sliceSpecOf).filter((s): s is SliceSpec => s !== undefined), sliceKey);
}

/**
 * Every SLO as of `to`: the defaults of each service with SERVER spans in the default window plus
 * the file's SLOs, most spent budget first. Two queries return window sums for all of them
 * (services without and with a route filter); only SLOs that are paging or ticketing get a
 * per-minute look back to find when that began, within the range (at most 7 days).
 */
export async function listSlos(store: Store, user: readonly SloDefinition[], range: TimeRange, nowMs = Date.now()): Promise<SloSummary[]> {
  const at = evaluationInstant(range.to, nowMs);
  const unrouted = user.filter((d) => d.route === undefined);
  const routed = user.filter((d) => d.route !== undefined);
  // The default SLOs' windows are asked for before the services they belong to are known.
  const defaultShape: SloMath = { window: DEFAULT_SLO_WINDOW, objective: 0.999, minEvents: DEFAULT_MIN_EVENTS };
  const [all, byRoute] = await Promise.all([
    windowSums(store, { windows: windowsOf([...unrouted, defaultShape], at), slices: slicesOf(unrouted) }),
    routed.length > 0
      ? windowSums(store, {
          windows: windowsOf(routed, at),
          slices: slicesOf(routed),
          routes: uniqueBy(
            routed.map((d) => ({ service: d.service, route: d.route! })),
            selectorKey,
          ),
        })
      : Promise.resolve([]),
  ]);
  const defaultWindow = windowKey(evaluationWindows(defaultShape, at)[0]!);
  const services = all.filter((s) => (s.sums.get(defaultWindow)?.total ?? 0) > 0).map((s) => s.selector.service);
  const sums = new Map([...all, ...byRoute].map((s) => [selectorKey(s.selector), s]));

  const defs = withDefaults(services, user);
  const snapshots = defs.map((def) => evaluateSlo(def, sumsCounter(def, sums.get(selectorKey(selectorOf(def)))), at));

  // When did the pages and tickets begin? One per-minute query for all of them.
  const searchFrom = Math.max(floorMinute(range.from), at - MAX_SINCE_SEARCH_MS);
  const isAlerting = (i: number) => snapshots[i]!.alert === 'page' || snapshots[i]!.alert === 'ticket';
  const alerting = defs.filter((_, i) => isAlerting(i));
  const fetchStart = searchFrom - LONGEST_BURN_WINDOW_MS;
  const minutes = alerting.length > 0 && searchFrom < at ? await minuteCounts(store, alerting.map(selectorOf), fetchStart, at) : new Map<string, MinuteRow[]>();
  const summaries = defs.map((def, i) => {
    const rows = isAlerting(i) ? minutes.get(selectorKey(selectorOf(def))) : undefined;
    const since = rows ? sinceOf(alertRunStart(def, seriesCounter(def, rows, fetchStart, at), searchFrom, at).startMs, searchFrom) : UNKNOWN_SINCE;
    return summarize(def, snapshots[i]!, since, badSpanFilters(def, floorMinute(range.from), at));
  });
  return summaries.sort(byBudgetRemaining);
}

export interface SloDetail extends SloSummary {
  /** The chart range: [fromMs, toMs) in whole minutes, ending at the evaluation instant. */
  range: { fromMs: number; toMs: number };
  bucketSeconds: number;
  history: HistoryPoint[];
  /** Alert state minute by minute over the range, merged into runs. */
  alertSegments: AlertSegment[];
}

/**
 * One SLO over a range: its state at the end of the range and everything the charts draw, from
 * one per-minute query reaching back far enough for the first point's SLO window and 3d burn
 * window. undefined when the id names no SLO (or a default one for a service never seen there).
 */
export async function getSlo(store: Store, user: readonly SloDefinition[], id: string, range: TimeRange, nowMs = Date.now()): Promise<SloDetail | undefined> {
  const def = findDefinition(id, user);
  if (!def) return undefined;
  const at = evaluationInstant(range.to, nowMs);
  const from = Math.min(floorMinute(range.from), at - MINUTE_MS);
  const bucketMs = chooseBucketSeconds(rollupWindow(from, at, nowMs), HISTORY_POINTS) * 1000;
  const firstPoint = Math.min(Math.floor(from / bucketMs) * bucketMs + bucketMs, at);
  const fetchStart = Math.min(windowAt(def.window, firstPoint).startMs, from - LONGEST_BURN_WINDOW_MS);
  const rows = (await minuteCounts(store, [selectorOf(def)], fetchStart, at)).get(selectorKey(selectorOf(def))) ?? [];
  if (rows.length === 0 && def.source.kind === 'default') return undefined;
  const count = seriesCounter(def, rows, fetchStart, at);
  const segments = alertSegments(def, count, from, at);
  return {
    ...summarize(def, evaluateSlo(def, count, at), sinceOf(segments[segments.length - 1]?.startMs, from), badSpanFilters(def, from, at)),
    range: { fromMs: from, toMs: at },
    bucketSeconds: bucketMs / 1000,
    history: sloHistory(def, count, from, at, bucketMs),
    alertSegments: segments,
  };
}
