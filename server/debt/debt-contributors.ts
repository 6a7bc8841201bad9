import type { Store } from '../../clickhouse/client';
import { num, queryRows } from '../queries/run';
import type { DebtSettings } from './debt-config-schema';
import { FAILED_CONCLUSIONS, vulnerabilityPoints, type Severity } from './debt-index';
import { LATEST_REPORTS, NOT_OPEN_STATUSES } from './debt-measures';
import { BARE_ERROR, ORPHAN_SERVER_SPAN, SPANS_IN_WINDOW } from './span-quality-sql';

const DAY_MS = 86_400_000;
const TOP = 10;
const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export interface Contributors {
  functions: { item: string; location: string; complexity: number; source: string }[];
  findings: { rule: string; level: string; count: number; example: string; location: string }[];
  vulnerabilities: { id: string; package: string; severity: Severity; fixAvailable: boolean; status: string; points: number; target: string }[];
  workflows: { workflow: string; runs: number; failed: number; lastFailureMs: number | null; lastFailureUrl: string }[];
  tests: { test: string; failed: number; flaky: number }[];
  spans: {
    spanName: string;
    spanKind: string;
    spans: number;
    missingVersion: number;
    missingRegion: number;
    missingOperation: number;
    orphans: number;
    bareErrors: number;
  }[];
}

const asSeverity = (s: string): Severity => (SEVERITY_ORDER.includes(s as Severity) ? (s as Severity) : 'unknown');

/** What makes up one service's debt as of `asOf`, worst first in each list. */
export async function serviceContributors(store: Store, settings: DebtSettings, service: string, asOf: number): Promise<Contributors> {
  const base = { service, asOf };
  const since = asOf - settings.ciWindowDays * DAY_MS;
  const [functions, findings, vulns, workflows, junit, spans] = await Promise.all([
    queryRows<{ Item: string; Location: string; Value: number; Kind: string }>(
      store,
      `SELECT Item, Location, Value, Kind FROM debt_signals FINAL
       WHERE Service = {service:String} AND (Service, Kind, ReportId) IN (${LATEST_REPORTS})
         AND (Kind = 'gocyclo' OR Status = 'complexity') AND Value > {limit:Float64}
       ORDER BY Value DESC, Item LIMIT {top:UInt32}`,
      { ...base, limit: settings.complexityLimit, top: TOP },
    ),
    queryRows<{ Item: string; Severity: string; n: number | string; example: string; location: string }>(
      store,
      `SELECT Item, Severity, count() AS n, any(Detail) AS example, any(Location) AS location FROM debt_signals FINAL
       WHERE Service = {service:String} AND Kind = 'sarif' AND Status = 'open' AND (Service, Kind, ReportId) IN (${LATEST_REPORTS})
       GROUP BY Item, Severity ORDER BY indexOf(['error', 'warning', 'note', 'none'], Severity), n DESC LIMIT {top:UInt32}`,
      { ...base, top: TOP },
    ),
    queryRows<{ Item: string; Location: string; Severity: string; FixAvailable: number; Status: string; Detail: string }>(
      store,
      `SELECT Item, Location, Severity, FixAvailable, Status, Detail FROM debt_signals FINAL
       WHERE Service = {service:String} AND Kind = 'trivy' AND (Service, Kind, ReportId) IN (${LATEST_REPORTS}) AND Status NOT IN {closed:Array(String)}`,
      { ...base, closed: NOT_OPEN_STATUSES },
    ),
    queryRows<{ Item: string; runs: number | string; failed: number | string; lastFailure: number | string | null; url: string }>(
      store,
      `SELECT Item, count() AS runs, countIf(Status IN {failed:Array(String)}) AS failed,
              if(failed > 0, toUnixTimestamp64Milli(maxIf(ReportedAt, Status IN {failed:Array(String)})), NULL) AS lastFailure,
              argMaxIf(Detail, ReportedAt, Status IN {failed:Array(String)}) AS url
       FROM debt_signals FINAL
       WHERE Service = {service:String} AND Kind = 'github-workflow-run' AND Status IN {counted:Array(String)}
         AND ReportedAt > fromUnixTimestamp64Milli({since:Int64}) AND ReportedAt <= fromUnixTimestamp64Milli({asOf:Int64})
       GROUP BY Item ORDER BY failed DESC, runs DESC LIMIT {top:UInt32}`,
      { ...base, since, top: TOP, failed: [...FAILED_CONCLUSIONS], counted: [...FAILED_CONCLUSIONS, 'success'] },
    ),
    queryRows<{ Detail: string }>(
      store,
      `SELECT Detail FROM debt_signals FINAL
       WHERE Service = {service:String} AND Kind = 'junit' AND Status IN ('failure', 'flaky')
         AND ReportedAt > fromUnixTimestamp64Milli({since:Int64}) AND ReportedAt <= fromUnixTimestamp64Milli({asOf:Int64})`,
      { ...base, since },
    ),
    queryRows<{ SpanName: string; SpanKind: string; spans: number | string; noVersion: number | string; noRegion: number | string; noOperation: number | string; orphans: number | string; bare: number | string }>(
      store,
      `SELECT SpanName, SpanKind, count() AS spans,
              countIf(ResourceAttributes['service.version'] = '') AS noVersion,
              countIf(ResourceAttributes['cloud.region'] = '') AS noRegion,
              countIf(SpanKind = 'Server' AND SpanAttributes['http.route'] = '' AND SpanAttributes['rpc.method'] = '') AS noOperation,
              countIf(${ORPHAN_SERVER_SPAN}) AS orphans,
              countIf(${BARE_ERROR}) AS bare
       FROM otel_traces
       WHERE ServiceName = {service:String} AND ${SPANS_IN_WINDOW}
       GROUP BY SpanName, SpanKind
       HAVING noVersion + noRegion + noOperation + orphans + bare > 0
       ORDER BY noVersion + noRegion + noOperation + orphans + bare DESC LIMIT {top:UInt32}`,
      { service, from: asOf - DAY_MS, to: asOf, top: TOP },
    ),
  ]);

  const tests = new Map<string, { failed: number; flaky: number }>();
  for (const { Detail } of junit) {
    let parsed: { failed?: unknown; flaky?: unknown };
    try {
      parsed = JSON.parse(Detail) as { failed?: unknown; flaky?: unknown };
    } catch {
      continue;
    }
    for (const [key, list] of [['failed', parsed.failed], ['flaky', parsed.flaky]] as const) {
      if (!Array.isArray(list)) continue;
      for (const name of list) {
        const t = tests.get(String(name)) ?? { failed: 0, flaky: 0 };
        t[key]++;
        tests.set(String(name), t);
      }
    }
  }

  return {
    functions: functions.map((f) => ({ item: f.Item, location: f.Location, complexity: Number(f.Value), source: f.Kind })),
    findings: findings.map((f) => ({ rule: f.Item, level: f.Severity, count: num(f.n), example: f.example, location: f.location })),
    vulnerabilities: vulns
      .map((v) => {
        const severity = asSeverity(v.Severity);
        const fixAvailable = Number(v.FixAvailable) === 1;
        return { id: v.Item, package: v.Location, severity, fixAvailable, status: v.Status, points: vulnerabilityPoints(severity, fixAvailable, settings), target: v.Detail };
      })
      .sort((a, b) => b.points - a.points || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id)),
    workflows: workflows.map((w) => ({ workflow: w.Item, runs: num(w.runs), failed: num(w.failed), lastFailureMs: w.lastFailure === null ? null : num(w.lastFailure), lastFailureUrl: w.url })),
    tests: [...tests]
      .map(([test, c]) => ({ test, ...c }))
      .sort((a, b) => b.failed + b.flaky - (a.failed + a.flaky) || a.test.localeCompare(b.test))
      .slice(0, TOP),
    spans: spans.map((s) => ({
      spanName: s.SpanName,
      spanKind: s.SpanKind,
      spans: num(s.spans),
      missingVersion: num(s.noVersion),
      missingRegion: num(s.noRegion),
      missingOperation: num(s.noOperation),
      orphans: num(s.orphans),
      bareErrors: num(s.bare),
    })),
  };
}
