import type { Store } from '../../clickhouse/client';
import type { TimeRange } from '../time-range';
import { num, queryRows, type QueryParams } from './run';
import { encodeCursor, type SpanCursor } from './span-cursor';

/** SPEC §4: a call is bad on status ERROR, HTTP ≥ 500 or gRPC 2/4/8/13/14 (same rule as the rollup). */
const BAD_CALL = `(StatusCode = 'Error'
  OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
  OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'))`;

const MAX_TRACE_SPANS = 10_000;

/**
 * Newest-first search looks back over a growing window, starting with the last minute, and stops
 * once the window holds a full page: the table is not ordered by time, so a busy live range would
 * otherwise be scanned whole to return its latest 50 spans. The window widens to where a full
 * page should be at the density seen so far (at least 4×), or to the whole range if it was empty.
 */
const FIRST_LOOKBACK_MS = 60_000;

export type SpanKindName = 'Server' | 'Client' | 'Internal' | 'Producer' | 'Consumer' | 'Unspecified';

export interface SpanSearch extends TimeRange {
  service?: string;
  /** Matches the rollup's operation (http.route) or the span name. */
  operation?: string;
  kind?: SpanKindName;
  peerService?: string;
  region?: string;
  az?: string;
  version?: string;
  minDurationMs?: number;
  status: 'error' | 'ok' | 'any';
  traceId?: string;
  rootOnly: boolean;
  limit: number;
  cursor?: SpanCursor;
}

export interface SpanSummary {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: string;
  /** Epoch ms (for display) and the exact nanosecond timestamp as a decimal string. */
  timestamp: number;
  timestampNs: string;
  durationMs: number;
  /** 'error' when the span is a bad call by the SPEC §4 rule; statusCode is the raw OTel status. */
  status: 'error' | 'ok';
  statusCode: string;
  statusMessage: string;
  httpStatus: number | null;
  grpcCode: number | null;
  route: string;
  region: string;
  isRoot: boolean;
}

interface SummaryRow {
  tsNs: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: string;
  duration: number | string;
  statusCode: string;
  statusMessage: string;
  httpStatus: string;
  grpcCode: string;
  route: string;
  region: string;
  bad: number | string;
}

const SUMMARY_COLUMNS = `
  toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs,
  TraceId AS traceId, SpanId AS spanId, ParentSpanId AS parentSpanId,
  ServiceName AS service, SpanName AS name, SpanKind AS kind, Duration AS duration,
  StatusCode AS statusCode, StatusMessage AS statusMessage,
  SpanAttributes['http.response.status_code'] AS httpStatus,
  SpanAttributes['rpc.grpc.status_code'] AS grpcCode,
  SpanAttributes['http.route'] AS route,
  ResourceAttributes['cloud.region'] AS region,
  ${BAD_CALL} AS bad`;

function optionalInt(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

function nsToEpochMs(tsNs: string): number {
  return Number(BigInt(tsNs) / 1_000_000n);
}

function toSummary(row: SummaryRow): SpanSummary {
  return {
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    service: row.service,
    name: row.name,
    kind: row.kind,
    timestamp: nsToEpochMs(row.tsNs),
    timestampNs: row.tsNs,
    durationMs: num(row.duration) / 1e6,
    status: num(row.bad) ? 'error' : 'ok',
    statusCode: row.statusCode,
    statusMessage: row.statusMessage,
    httpStatus: optionalInt(row.httpStatus),
    grpcCode: optionalInt(row.grpcCode),
    route: row.route,
    region: row.region,
    isRoot: row.parentSpanId === '',
  };
}

/**
 * Spans matching the filters, newest first. The WHERE clause is assembled from fixed fragments
 * chosen by which filters are present; every value is a bound parameter.
 */
export async function searchSpans(store: Store, q: SpanSearch): Promise<{ spans: SpanSummary[]; nextCursor: string | null }> {
  const where = ['Timestamp >= fromUnixTimestamp64Milli({from:Int64})', 'Timestamp < fromUnixTimestamp64Milli({to:Int64})'];
  const params: QueryParams = { to: q.to, limit: q.limit + 1 };
  const filter = (clause: string, name: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    where.push(clause);
    params[name] = value;
  };
  filter('ServiceName = {service:String}', 'service', q.service);
  filter("(SpanName = {operation:String} OR SpanAttributes['http.route'] = {operation:String})", 'operation', q.operation);
  filter('SpanKind = {kind:String}', 'kind', q.kind);
  filter("SpanAttributes['peer.service'] = {peer:String}", 'peer', q.peerService);
  filter("ResourceAttributes['cloud.region'] = {region:String}", 'region', q.region);
  filter("ResourceAttributes['cloud.availability_zone'] = {az:String}", 'az', q.az);
  filter("ResourceAttributes['service.version'] = {version:String}", 'version', q.version);
  filter('TraceId = {traceId:String}', 'traceId', q.traceId);
  if (q.minDurationMs !== undefined) filter('Duration >= {minNs:UInt64}', 'minNs', Math.round(q.minDurationMs * 1e6));
  if (q.status === 'error') where.push(BAD_CALL);
  if (q.status === 'ok') where.push(`NOT ${BAD_CALL}`);
  if (q.rootOnly) where.push("ParentSpanId = ''");
  if (q.cursor) {
    where.push('(Timestamp, TraceId, SpanId) < (fromUnixTimestamp64Nano({cTs:Int64}), {cTrace:String}, {cSpan:String})');
    Object.assign(params, { cTs: q.cursor.tsNs, cTrace: q.cursor.traceId, cSpan: q.cursor.spanId });
  }
  const sql = `SELECT ${SUMMARY_COLUMNS}
     FROM otel_traces
     WHERE ${where.join(' AND ')}
     ORDER BY Timestamp DESC, TraceId DESC, SpanId DESC
     LIMIT {limit:UInt32}`;
  // Nothing at or after the cursor can be on this page, so the look-back starts there.
  const upper = q.cursor ? Math.min(q.to, nsToEpochMs(q.cursor.tsNs) + 1) : q.to;
  let rows: SummaryRow[] = [];
  for (let lookback = FIRST_LOOKBACK_MS; ; ) {
    const from = Math.max(q.from, upper - lookback);
    rows = await queryRows<SummaryRow>(store, sql, { ...params, from });
    // A full page inside [from, upper) holds the newest spans of the whole range.
    if (rows.length > q.limit || from === q.from) break;
    lookback = rows.length === 0 ? Number.POSITIVE_INFINITY : lookback * Math.max(4, Math.ceil((2 * (q.limit + 1)) / rows.length));
  }
  const page = rows.slice(0, q.limit).map(toSummary);
  const last = page.at(-1);
  const more = rows.length > q.limit && last !== undefined;
  return {
    spans: page,
    nextCursor: more ? encodeCursor({ tsNs: last.timestampNs, traceId: last.traceId, spanId: last.spanId }) : null,
  };
}

export interface SpanEvent {
  timestampNs: string;
  /** Milliseconds after the trace started. */
  offsetMs: number;
  name: string;
  attributes: Record<string, string>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, string>;
}

export interface TraceSpan extends SpanSummary {
  /** Milliseconds after the trace's first span started. */
  offsetMs: number;
  traceState: string;
  scopeName: string;
  scopeVersion: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  events: SpanEvent[];
  links: SpanLink[];
}

export interface Trace {
  traceId: string;
  startNs: string;
  start: number;
  durationMs: number;
  services: string[];
  spans: TraceSpan[];
  /** True when the trace had more than the spans returned. */
  truncated: boolean;
}

interface TraceRow extends SummaryRow {
  traceState: string;
  scopeName: string;
  scopeVersion: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  eventTsNs: string[];
  eventNames: string[];
  eventAttributes: Array<Record<string, string>>;
  linkTraceIds: string[];
  linkSpanIds: string[];
  linkAttributes: Array<Record<string, string>>;
}

/**
 * All spans of one trace. The trace-id → time lookup narrows the scan to the partitions the trace
 * lives in before the bloom-filtered TraceId match. undefined when the trace is not stored.
 */
export async function getTrace(store: Store, traceId: string): Promise<Trace | undefined> {
  const [span] = await queryRows<{ n: number | string; start: number | string; end: number | string }>(
    store,
    `SELECT count() AS n, toUnixTimestamp(min(Start)) AS start, toUnixTimestamp(max(End)) AS end
     FROM otel_traces_trace_id_ts WHERE TraceId = {traceId:String}`,
    { traceId },
  );
  if (!span || num(span.n) === 0) return undefined;
  const rows = await queryRows<TraceRow>(
    store,
    `SELECT ${SUMMARY_COLUMNS},
       TraceState AS traceState, ScopeName AS scopeName, ScopeVersion AS scopeVersion,
       SpanAttributes AS attributes, ResourceAttributes AS resource,
       arrayMap(x -> toString(toUnixTimestamp64Nano(x)), Events.Timestamp) AS eventTsNs,
       Events.Name AS eventNames, Events.Attributes AS eventAttributes,
       Links.TraceId AS linkTraceIds, Links.SpanId AS linkSpanIds, Links.Attributes AS linkAttributes
     FROM otel_traces
     WHERE TraceId = {traceId:String}
       AND toDateTime(Timestamp) >= toDateTime({start:UInt32}) AND toDateTime(Timestamp) < toDateTime({end:UInt32})
     ORDER BY Timestamp, SpanId
     LIMIT {limit:UInt32}`,
    // End is truncated to the second: the last span may start up to a second after it. The
    // bounds compare toDateTime(Timestamp), the sort key's own expression: comparing the DateTime64
    // column with a DateTime missed a lone part's rows that lie a fraction past the lower bound.
    { traceId, start: num(span.start), end: num(span.end) + 1, limit: MAX_TRACE_SPANS + 1 },
  );
  const kept = rows.slice(0, MAX_TRACE_SPANS);
  const first = kept[0];
  if (!first) return undefined;
  const startNs = BigInt(first.tsNs);
  const offsetMs = (tsNs: string) => Number(BigInt(tsNs) - startNs) / 1e6;
  const spans = kept.map((row): TraceSpan => ({
    ...toSummary(row),
    offsetMs: offsetMs(row.tsNs),
    traceState: row.traceState,
    scopeName: row.scopeName,
    scopeVersion: row.scopeVersion,
    attributes: row.attributes,
    resource: row.resource,
    events: row.eventNames.map((name, i) => {
      const ts = row.eventTsNs[i] ?? row.tsNs;
      return { name, timestampNs: ts, offsetMs: offsetMs(ts), attributes: row.eventAttributes[i] ?? {} };
    }),
    links: row.linkTraceIds.map((id, i) => ({
      traceId: id,
      spanId: row.linkSpanIds[i] ?? '',
      attributes: row.linkAttributes[i] ?? {},
    })),
  }));
  const endMs = Math.max(...spans.map((s) => s.offsetMs + s.durationMs));
  return {
    traceId,
    startNs: startNs.toString(),
    start: nsToEpochMs(startNs.toString()),
    durationMs: endMs,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    spans,
    truncated: rows.length > MAX_TRACE_SPANS,
  };
}
