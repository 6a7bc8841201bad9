import type { Store } from '../../clickhouse/client';
import { num, queryRows } from '../queries/run';
import type { DebtSettings } from './debt-config-schema';
import {
  buildMeasure,
  maintainabilityMeasure,
  securityMeasure,
  type DimensionMeasures,
  type Severity,
} from './debt-index';
import { observabilityByService } from './observability-measure';
import { ROLLUP_MINUTES } from './span-quality-sql';

const DAY_MS = 86_400_000;
const SEVERITIES = new Set<string>(['critical', 'high', 'medium', 'low', 'unknown']);

/** The latest report of each snapshot kind per service, as of `asOf`. */
export const LATEST_REPORTS = `
  SELECT Service, Kind, argMax(ReportId, (ReportedAt, ReceivedAt)) AS ReportId
  FROM debt_reports FINAL
  WHERE Kind IN ('gocyclo', 'sarif', 'trivy') AND ReportedAt <= fromUnixTimestamp64Milli({asOf:Int64})
  GROUP BY Service, Kind`;

/** Trivy statuses that mean the package is not vulnerable after all. */
export const NOT_OPEN_STATUSES = ['not_affected'];

export interface ServiceMeasures {
  service: string;
  measures: DimensionMeasures;
  trafficShare: number;
}

async function maintainability(store: Store, asOf: number, limit: number) {
  const rows = await queryRows<{ Service: string; functions: number | string; over: number | string }>(
    store,
    `SELECT Service, count() AS functions, countIf(Value > {limit:Float64}) AS over
     FROM debt_signals FINAL
     WHERE Kind = 'gocyclo' AND (Service, Kind, ReportId) IN (${LATEST_REPORTS})
     GROUP BY Service`,
    { asOf, limit },
  );
  return new Map(rows.map((r) => [r.Service, maintainabilityMeasure(num(r.functions), num(r.over))]));
}

async function security(store: Store, asOf: number, settings: DebtSettings) {
  const rows = await queryRows<{ Service: string; Severity: string; FixAvailable: number; n: number | string }>(
    store,
    `SELECT Service, Severity, FixAvailable, count() AS n
     FROM debt_signals FINAL
     WHERE Kind = 'trivy' AND (Service, Kind, ReportId) IN (${LATEST_REPORTS}) AND Status NOT IN {closed:Array(String)}
     GROUP BY Service, Severity, FixAvailable`,
    { asOf, closed: NOT_OPEN_STATUSES },
  );
  const reported = await queryRows<{ Service: string }>(store, `SELECT DISTINCT Service FROM (${LATEST_REPORTS}) WHERE Kind = 'trivy'`, { asOf });
  const bySvc = new Map<string, { severity: Severity; fixAvailable: boolean; count: number }[]>(reported.map((r) => [r.Service, []]));
  for (const r of rows) {
    const severity = (SEVERITIES.has(r.Severity) ? r.Severity : 'unknown') as Severity;
    bySvc.get(r.Service)?.push({ severity, fixAvailable: Number(r.FixAvailable) === 1, count: num(r.n) });
  }
  return new Map([...bySvc].map(([s, v]) => [s, securityMeasure(v, settings)]));
}

async function builds(store: Store, asOf: number, windowDays: number) {
  const rows = await queryRows<{ Service: string; Status: string; n: number | string }>(
    store,
    `SELECT Service, Status, count() AS n
     FROM debt_signals FINAL
     WHERE Kind IN ('github-workflow-run', 'junit')
       AND ReportedAt > fromUnixTimestamp64Milli({since:Int64}) AND ReportedAt <= fromUnixTimestamp64Milli({asOf:Int64})
     GROUP BY Service, Status`,
    { asOf, since: asOf - windowDays * DAY_MS },
  );
  const bySvc = new Map<string, { status: string; count: number }[]>();
  for (const r of rows) bySvc.set(r.Service, [...(bySvc.get(r.Service) ?? []), { status: r.Status, count: num(r.n) }]);
  return new Map([...bySvc].map(([s, v]) => [s, buildMeasure(v)]));
}

/** Each service's share of the SERVER calls in the window (from the 1-minute rollups). */
async function traffic(store: Store, from: number, to: number) {
  const rows = await queryRows<{ Service: string; calls: number | string }>(
    store,
    `SELECT ServiceName AS Service, sum(Calls) AS calls FROM span_rollup_1m
     WHERE SpanKind = 'Server' AND ${ROLLUP_MINUTES}
     GROUP BY ServiceName`,
    { from, to },
  );
  const total = rows.reduce((s, r) => s + num(r.calls), 0);
  return new Map(rows.map((r) => [r.Service, total > 0 ? num(r.calls) / total : 0]));
}

/**
 * Every service's raw measures as of `asOf`: the latest gocyclo and Trivy reports up to then, CI
 * executions of the CI window before it, and spans and traffic of the 24 hours before it (whole
 * minutes: the span measures come from per-minute rollups).
 */
export async function measureServices(store: Store, settings: DebtSettings, asOf: number): Promise<ServiceMeasures[]> {
  const from = asOf - DAY_MS;
  const [m, s, b, o, t] = await Promise.all([
    maintainability(store, asOf, settings.complexityLimit),
    security(store, asOf, settings),
    builds(store, asOf, settings.ciWindowDays),
    observabilityByService(store, from, asOf),
    traffic(store, from, asOf),
  ]);
  const services = [...new Set([...m.keys(), ...s.keys(), ...b.keys(), ...o.keys()])].sort();
  return services.map((service) => ({
    service,
    trafficShare: t.get(service) ?? 0,
    measures: {
      maintainability: m.get(service) ?? null,
      observability: o.get(service) ?? null,
      buildStability: b.get(service) ?? null,
      security: s.get(service) ?? null,
    },
  }));
}
