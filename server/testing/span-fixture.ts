import type { Store } from '../../clickhouse/client';
import type { SpanRow } from '../../ingest/span-row';

/** Recent whole minute so rows fall inside the tables' 30-day TTL; fixtures are placed relative to it. */
export function baseMinute(minutesAgo = 30): number {
  return Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000;
}

/** Epoch ms plus extra nanoseconds to the SpanRow timestamp text ("seconds.nanoseconds"). */
export function spanTimestamp(ms: number, extraNs = 0): string {
  const ns = BigInt(ms) * 1_000_000n + BigInt(extraNs);
  return `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;
}

let counter = 0;

/** A unique, valid span id (16 hex). */
export function nextSpanId(): string {
  counter += 1;
  return counter.toString(16).padStart(16, '0');
}

export function traceIdOf(n: number): string {
  return n.toString(16).padStart(32, '0');
}

export interface SpanSpec {
  ms: number;
  service: string;
  name?: string;
  kind?: SpanRow['SpanKind'];
  durationMs?: number;
  status?: SpanRow['StatusCode'];
  statusMessage?: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  attributes?: Record<string, string>;
  resource?: Record<string, string>;
  events?: Array<{ ms: number; name: string; attributes?: Record<string, string> }>;
}

export function span(spec: SpanSpec): SpanRow {
  const events = spec.events ?? [];
  return {
    Timestamp: spanTimestamp(spec.ms),
    TraceId: spec.traceId ?? traceIdOf(1),
    SpanId: spec.spanId ?? nextSpanId(),
    ParentSpanId: spec.parentSpanId ?? '',
    TraceState: '',
    SpanName: spec.name ?? 'GET /',
    SpanKind: spec.kind ?? 'Server',
    ServiceName: spec.service,
    ResourceAttributes: { 'service.name': spec.service, ...spec.resource },
    ScopeName: 'fixture',
    ScopeVersion: '1.0.0',
    SpanAttributes: spec.attributes ?? {},
    Duration: Math.round((spec.durationMs ?? 10) * 1e6),
    StatusCode: spec.status ?? 'Unset',
    StatusMessage: spec.statusMessage ?? '',
    'Events.Timestamp': events.map((e) => spanTimestamp(e.ms)),
    'Events.Name': events.map((e) => e.name),
    'Events.Attributes': events.map((e) => e.attributes ?? {}),
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}

export async function insertSpans(store: Store, rows: SpanRow[]): Promise<void> {
  await store.client.insert({ table: 'otel_traces', values: rows, format: 'JSONEachRow' });
}
