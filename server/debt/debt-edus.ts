import type { Store } from '../../clickhouse/client';
import { num, queryRows } from '../queries/run';
import type { DebtSettings, EduDefinition, EduTrigger } from './debt-config-schema';
import type { ScoredService } from './debt-index';
import { LATEST_REPORTS, NOT_OPEN_STATUSES } from './debt-measures';
import { SPANS_IN_WINDOW } from './span-quality-sql';

const DAY_MS = 86_400_000;
const SEVERITY_RANK = ['unknown', 'low', 'medium', 'high', 'critical'];
const MAX_EVIDENCE = 10;

export interface EduEvidence {
  /** What was measured, in words. */
  summary: string;
  value: number;
  threshold: number;
  /** Examples behind the value: trace ids, CVEs, functions. */
  items: { label: string; detail?: string; traceId?: string }[];
}

export interface EduState extends EduDefinition {
  triggered: boolean;
  evidence: EduEvidence;
}

/** Severities at or above `min`, for the vulnerability trigger. */
export function severitiesFrom(min: string): string[] {
  return SEVERITY_RANK.slice(Math.max(0, SEVERITY_RANK.indexOf(min)));
}

/** A dimension (or index) trigger against the scores already computed. */
export function dimensionEvidence(trigger: Extract<EduTrigger, { kind: 'dimension' }>, scores: ScoredService[]): EduEvidence {
  const row = scores.find((s) => s.service === trigger.service);
  const value = trigger.dimension === 'index' ? row?.index : row?.dimensions[trigger.dimension];
  const name = trigger.dimension === 'index' ? 'debt index' : trigger.dimension;
  if (value === null || value === undefined) {
    return { summary: `${trigger.service}: ${name} not reported`, value: 0, threshold: trigger.above, items: [] };
  }
  return { summary: `${trigger.service}: ${name} ${value} (trigger above ${trigger.above})`, value, threshold: trigger.above, items: [] };
}

async function spansEvidence(store: Store, t: Extract<EduTrigger, { kind: 'spans' }>, asOf: number): Promise<EduEvidence> {
  const keys = Object.keys(t.attributes);
  const [row] = await queryRows<{ n: number | string; samples: string[] }>(
    store,
    `SELECT count() AS n, groupArray(${MAX_EVIDENCE})(TraceId) AS samples FROM otel_traces
     WHERE ${SPANS_IN_WINDOW}
       AND ({service:String} = '' OR ServiceName = {service:String})
       AND ({spanName:String} = '' OR SpanName = {spanName:String})
       AND ({spanKind:String} = '' OR SpanKind = {spanKind:String})
       AND arrayAll((k, v) -> SpanAttributes[k] = v, {keys:Array(String)}, {values:Array(String)})
       AND ({errorsOnly:UInt8} = 0 OR StatusCode = 'Error')
       AND Duration >= {minNs:UInt64}`,
    {
      from: asOf - DAY_MS,
      to: asOf,
      service: t.service ?? '',
      spanName: t.spanName ?? '',
      spanKind: t.spanKind ?? '',
      keys,
      values: keys.map((k) => t.attributes[k]!),
      errorsOnly: t.status === 'error' ? 1 : 0,
      minNs: Math.round(t.minDurationMs * 1e6),
    },
  );
  const n = num(row?.n);
  const what = [
    t.service,
    t.spanName,
    t.spanKind && `${t.spanKind} spans`,
    ...keys.map((k) => `${k}=${t.attributes[k]}`),
    t.status === 'error' && 'with error status',
    t.minDurationMs > 0 && `≥ ${t.minDurationMs} ms`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    summary: `${n} matching spans in the last 24 h (${what || 'all spans'}); trigger above ${t.above} per day`,
    value: n,
    threshold: t.above,
    items: [...new Set(row?.samples ?? [])].map((traceId) => ({ label: traceId.slice(0, 16), traceId })),
  };
}

async function vulnerabilityEvidence(store: Store, t: Extract<EduTrigger, { kind: 'vulnerability' }>, asOf: number): Promise<EduEvidence> {
  const rows = await queryRows<{ Service: string; Item: string; Location: string; Severity: string }>(
    store,
    `SELECT Service, Item, Location, Severity FROM debt_signals FINAL
     WHERE Kind = 'trivy' AND (Service, Kind, ReportId) IN (${LATEST_REPORTS}) AND Status NOT IN {closed:Array(String)}
       AND ({service:String} = '' OR Service = {service:String})
       AND ({id:String} = '' OR Item = {id:String})
       AND Severity IN {severities:Array(String)}
       AND ({fix:Int8} < 0 OR FixAvailable = {fix:Int8})
     ORDER BY indexOf(['critical', 'high', 'medium', 'low', 'unknown'], Severity), Item`,
    { asOf, closed: NOT_OPEN_STATUSES, service: t.service ?? '', id: t.id ?? '', severities: severitiesFrom(t.minSeverity), fix: t.fixAvailable === undefined ? -1 : t.fixAvailable ? 1 : 0 },
  );
  return {
    summary: `${rows.length} open vulnerabilities (${t.id ?? `${t.minSeverity} or worse`}${t.service ? ` in ${t.service}` : ''}); trigger above ${t.above}`,
    value: rows.length,
    threshold: t.above,
    items: rows.slice(0, MAX_EVIDENCE).map((r) => ({ label: r.Item, detail: `${r.Service}: ${r.Location} (${r.Severity})` })),
  };
}

async function complexityEvidence(store: Store, t: Extract<EduTrigger, { kind: 'complexity' }>, asOf: number): Promise<EduEvidence> {
  const rows = await queryRows<{ Service: string; Item: string; Location: string; Value: number }>(
    store,
    `SELECT Service, Item, Location, Value FROM debt_signals FINAL
     WHERE (Service, Kind, ReportId) IN (${LATEST_REPORTS}) AND (Kind = 'gocyclo' OR Status = 'complexity')
       AND ({service:String} = '' OR Service = {service:String})
       AND ({fn:String} = '' OR positionCaseInsensitive(Item, {fn:String}) > 0)
       AND Value > {above:Float64}
     ORDER BY Value DESC, Item`,
    { asOf, service: t.service ?? '', fn: t.function ?? '', above: t.above },
  );
  return {
    summary: `${rows.length} functions with cyclomatic complexity above ${t.above}${t.function ? ` matching "${t.function}"` : ''}${t.service ? ` in ${t.service}` : ''}`,
    value: rows.length,
    threshold: 0,
    items: rows.slice(0, MAX_EVIDENCE).map((r) => ({ label: r.Item, detail: `${r.Service}: complexity ${r.Value} at ${r.Location}` })),
  };
}

/** Every EDU of the configuration with its trigger evaluated as of `asOf`. */
export async function evaluateEdus(store: Store, settings: DebtSettings, scores: ScoredService[], asOf: number): Promise<EduState[]> {
  return Promise.all(
    settings.edus.map(async (edu) => {
      const t = edu.trigger;
      const evidence =
        t.kind === 'dimension'
          ? dimensionEvidence(t, scores)
          : t.kind === 'spans'
            ? await spansEvidence(store, t, asOf)
            : t.kind === 'vulnerability'
              ? await vulnerabilityEvidence(store, t, asOf)
              : await complexityEvidence(store, t, asOf);
      return { ...edu, triggered: evidence.value > evidence.threshold, evidence };
    }),
  );
}
