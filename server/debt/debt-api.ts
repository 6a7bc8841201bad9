import type { Store } from '../../clickhouse/client';
import type { TimeRange } from '../time-range';
import type { DebtSettings, Dimension } from './debt-config-schema';
import { serviceContributors } from './debt-contributors';
import { evaluateEdus } from './debt-edus';
import { burnDown, platformIndex } from './debt-index';
import { scoresAsOf, type ServiceScore } from './debt-scores';
import { ensureSnapshots, readSnapshots } from './debt-snapshots';
import { daysBetween } from './snapshot-days';

const DAY_MS = 86_400_000;
/** Days of history in each row's sparkline. */
const SPARK_DAYS = 14;

/** The state a view shows: as of the end of its range, never in the future. */
const asOfRange = (range: TimeRange, nowMs: number) => Math.min(range.to, nowMs);

function publicRow(r: ServiceScore) {
  return {
    service: r.service,
    rank: r.rank,
    index: r.index,
    dimensions: r.dimensions,
    flagged: r.flagged,
    trafficShare: r.trafficShare,
    interest: r.interest,
  };
}

export async function debtScores(store: Store, settings: DebtSettings, range: TimeRange, nowMs = Date.now()) {
  const asOf = asOfRange(range, nowMs);
  const days = daysBetween(asOf - (SPARK_DAYS - 1) * DAY_MS, asOf);
  await ensureSnapshots(store, settings, days, nowMs);
  const [rows, history] = await Promise.all([scoresAsOf(store, settings, asOf), readSnapshots(store, days[0]!, days[days.length - 1]!)]);
  const byKey = new Map(history.map((h) => [`${h.service}|${h.day}`, h.index]));
  // The last point is the live value, so the sparkline ends where the table's number is.
  return rows.map((r) => ({ ...publicRow(r), trend: days.map((d, i) => (i === days.length - 1 ? r.index : (byKey.get(`${r.service}|${d}`) ?? null))) }));
}

export async function debtSummary(store: Store, settings: DebtSettings, range: TimeRange, nowMs = Date.now()) {
  const asOf = asOfRange(range, nowMs);
  const rows = await scoresAsOf(store, settings, asOf);
  return {
    asOf,
    threshold: settings.governanceThreshold,
    platformIndex: platformIndex(rows),
    services: rows.length,
    notReported: rows.filter((r) => r.index === null).length,
    flagged: rows.filter((r) => r.flagged).map((r) => ({ service: r.service, index: r.index! })).sort((a, b) => b.index - a.index),
  };
}

export async function debtService(store: Store, settings: DebtSettings, service: string, range: TimeRange, nowMs = Date.now()) {
  const asOf = asOfRange(range, nowMs);
  const rows = await scoresAsOf(store, settings, asOf);
  const row = rows.find((r) => r.service === service);
  if (!row) return null;
  const contributors = await serviceContributors(store, settings, service, asOf);
  return {
    ...publicRow(row),
    asOf,
    threshold: settings.governanceThreshold,
    weights: settings.weights,
    effectiveWeights: row.effectiveWeights,
    levels: settings.levels,
    complexityLimit: settings.complexityLimit,
    ciWindowDays: settings.ciWindowDays,
    measures: row.measures,
    contributors,
  };
}

export interface TrendDay {
  day: string;
  index: number | null;
  dimensions: Record<Dimension, number | null> | null;
  flagged: number;
}

export async function debtTrend(store: Store, settings: DebtSettings, range: TimeRange, service: string | undefined, nowMs = Date.now()) {
  const asOf = asOfRange(range, nowMs);
  const days = daysBetween(Math.min(range.from, asOf), asOf);
  await ensureSnapshots(store, settings, days, nowMs);
  const history = await readSnapshots(store, days[0]!, days[days.length - 1]!, service);
  const trend: TrendDay[] = days.map((day) => {
    const rows = history.filter((h) => h.day === day);
    if (service) {
      const row = rows[0];
      return { day, index: row?.index ?? null, dimensions: row?.dimensions ?? null, flagged: row?.flagged ? 1 : 0 };
    }
    return { day, index: platformIndex(rows), dimensions: null, flagged: rows.filter((r) => r.flagged).length };
  });
  const target = settings.targets.find((t) => t.service === (service ?? 'platform'));
  const burn = target ? burnDown(target, trend) : null;
  return {
    service: service ?? null,
    threshold: settings.governanceThreshold,
    days: trend,
    target: target && burn ? { index: target.index, deadline: target.deadline, ideal: burn.ideal, onTrack: burn.onTrack, startIndex: burn.startIndex } : null,
  };
}

export async function debtEdus(store: Store, settings: DebtSettings, range: TimeRange, nowMs = Date.now()) {
  const asOf = asOfRange(range, nowMs);
  const rows = settings.edus.some((e) => e.trigger.kind === 'dimension') ? await scoresAsOf(store, settings, asOf) : [];
  const edus = await evaluateEdus(store, settings, rows, asOf);
  // Triggered first, so the page leads with what needs doing.
  return edus.sort((a, b) => Number(b.triggered) - Number(a.triggered) || a.id.localeCompare(b.id)).map((e) => ({ ...e, asOf }));
}
