import type { Store } from '../../clickhouse/client';
import { clickhouseTime } from '../../ingest/debt/debt-rows';
import { num, queryRows } from '../queries/run';
import type { DebtSettings, Dimension } from './debt-config-schema';
import { scoresAsOf } from './debt-scores';
import { dayEndMs, dayOf, staleDays } from './snapshot-days';

/** A long range's first view computes at most this many days; the rest follow on later views. */
const MAX_DAYS_PER_CALL = 45;

export interface DailyRow {
  day: string;
  service: string;
  index: number | null;
  dimensions: Record<Dimension, number | null>;
  flagged: boolean;
  trafficShare: number;
}

// Days computed with no data at all leave no row behind; remembered here so they are not redone on every view.
const g = globalThis as unknown as { __sightlineDebtEmptyDays?: Map<string, number> };
const emptyDays = (g.__sightlineDebtEmptyDays ??= new Map());

async function firstDataDay(store: Store): Promise<string | null> {
  const [row] = await queryRows<{ reports: number | string | null; spans: number | string | null }>(
    store,
    `SELECT (SELECT toUnixTimestamp64Milli(min(ReportedAt)) FROM debt_reports HAVING count() > 0) AS reports,
            (SELECT toUnixTimestamp64Milli(min(Timestamp)) FROM otel_traces HAVING count() > 0) AS spans`,
  );
  const times = [row?.reports, row?.spans].filter((v): v is number | string => v !== null && v !== undefined).map(num);
  return times.length > 0 ? dayOf(Math.min(...times)) : null;
}

/** Computes and stores the snapshots of `days` that are missing or out of date. */
export async function ensureSnapshots(store: Store, settings: DebtSettings, days: string[], nowMs: number): Promise<void> {
  const first = await firstDataDay(store);
  if (first === null) return;
  const candidates = days.filter((d) => d >= first);
  if (candidates.length === 0) return;
  const [computed, receipts] = await Promise.all([
    queryRows<{ day: string; at: number | string }>(
      store,
      `SELECT toString(Day) AS day, toUnixTimestamp64Milli(min(ComputedAt)) AS at FROM debt_index_daily FINAL
       WHERE Day >= toDate({from:String}) AND Day <= toDate({to:String}) GROUP BY Day`,
      { from: candidates[0]!, to: candidates[candidates.length - 1]! },
    ),
    queryRows<{ day: string; received: number | string }>(
      store,
      `SELECT toString(toDate(ReportedAt)) AS day, toUnixTimestamp64Milli(max(ReceivedAt)) AS received FROM debt_reports GROUP BY day`,
    ),
  ]);
  const computedAt = new Map<string, number>(emptyDays);
  for (const r of computed) computedAt.set(r.day, num(r.at));
  const stale = staleDays(candidates, computedAt, new Map(receipts.map((r) => [r.day, num(r.received)])), nowMs).slice(-MAX_DAYS_PER_CALL);
  for (const day of stale) {
    const asOf = Math.min(dayEndMs(day), nowMs);
    const rows = await scoresAsOf(store, settings, asOf);
    if (rows.length === 0) {
      emptyDays.set(day, nowMs);
      continue;
    }
    emptyDays.delete(day);
    await store.client.insert({
      table: 'debt_index_daily',
      values: rows.map((r) => ({
        Day: day,
        Service: r.service,
        DebtIndex: r.index,
        Maintainability: r.dimensions.maintainability,
        Observability: r.dimensions.observability,
        BuildStability: r.dimensions.buildStability,
        Security: r.dimensions.security,
        Flagged: r.flagged ? 1 : 0,
        TrafficShare: r.trafficShare,
        ComputedAt: clickhouseTime(nowMs),
      })),
      format: 'JSONEachRow',
    });
  }
}

type Nullable = number | string | null;

export async function readSnapshots(store: Store, fromDay: string, toDay: string, service?: string): Promise<DailyRow[]> {
  const rows = await queryRows<{
    day: string;
    Service: string;
    DebtIndex: Nullable;
    Maintainability: Nullable;
    Observability: Nullable;
    BuildStability: Nullable;
    Security: Nullable;
    Flagged: number;
    TrafficShare: number | string;
  }>(
    store,
    `SELECT toString(Day) AS day, Service, DebtIndex, Maintainability, Observability, BuildStability, Security, Flagged, TrafficShare
     FROM debt_index_daily FINAL
     WHERE Day >= toDate({from:String}) AND Day <= toDate({to:String}) AND ({service:String} = '' OR Service = {service:String})
     ORDER BY Day, Service`,
    { from: fromDay, to: toDay, service: service ?? '' },
  );
  const n = (v: Nullable) => (v === null ? null : num(v));
  return rows.map((r) => ({
    day: r.day,
    service: r.Service,
    index: n(r.DebtIndex),
    dimensions: { maintainability: n(r.Maintainability), observability: n(r.Observability), buildStability: n(r.BuildStability), security: n(r.Security) },
    flagged: Number(r.Flagged) === 1,
    trafficShare: num(r.TrafficShare),
  }));
}
