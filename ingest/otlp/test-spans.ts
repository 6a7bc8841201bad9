/**
 * Test support: spans made by the official OpenTelemetry JS SDK, and the `otel_traces` rows a
 * correct decoder must produce for them, computed independently of the decoder (BigInt time
 * arithmetic, straightforward value formatting). Not a test file itself.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes as OtelAttributes, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanKindName, SpanRow, StatusCodeName } from '../span-row';

export const T0 = 1_795_300_000; // seconds; a 2026 timestamp, far beyond 2^53 ns

/** A deterministic set of spans covering kinds, statuses, events, links, trace state, scopes, resources. */
export function buildSdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const checkout = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': '1.42.0',
      'cloud.region': 'ap-southeast-1',
      'deployment.role': 'canary',
      'process.pid': 4242,
      'host.arch.is64': true,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const http = checkout.getTracer('sightline-demo/http', '0.3.1');
  const db = checkout.getTracer('sightline-demo/db'); // no version

  const root = http.startSpan('POST /api/groups/:id/join', {
    kind: SpanKind.SERVER,
    startTime: [T0, 123_456_789],
    attributes: {
      'http.route': '/api/groups/:id/join',
      'http.request.method': 'POST',
      'http.response.status_code': 503,
      'sightline.negative': -42,
      'sightline.ratio': 3.25,
      'sightline.tiny': 1e-7,
      'sightline.big_int': 2 ** 60, // an integer double beyond 2^53: sent as int_value
      'sightline.huge': 1e21, // integral but beyond int64: sent as double_value
      'sightline.flag': false,
      'sightline.strings': ['a', 'b"quoted"', '雪'],
      'sightline.ints': [1, -2, 3],
      'sightline.mixed_numbers': [1, 2.5],
      'sightline.bools': [true, false],
      'sightline.with_null': ['x', null as unknown as string],
      'sightline.empty': [],
      'sightline.hostile': `'); DROP TABLE otel_traces; -- <script>alert(1)</script>`,
      'sightline.unicode': '团购 🛒',
    },
  });
  root.addEvent('exception', { 'exception.type': 'UpstreamUnavailable', 'exception.message': 'payment: 503', 'exception.escaped': true }, [T0, 200_000_000]);
  root.addEvent('retry', [T0, 300_000_001]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });

  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const client = http.startSpan(
    'payment.v1.Payments/Charge',
    {
      kind: SpanKind.CLIENT,
      startTime: [T0, 130_000_000],
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'payment.v1.Payments', 'rpc.method': 'Charge', 'rpc.grpc.status_code': 14, 'peer.service': 'payment' },
      links: [
        {
          context: {
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b7ad6b7169203331',
            traceFlags: 1,
            traceState: new TraceState('vendor=opaque,other=1'),
          },
          attributes: { 'link.kind': 'follows_from', 'link.order': 1 },
        },
        { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 0 } },
      ],
    },
    rootCtx,
  );
  client.setStatus({ code: SpanStatusCode.OK });
  client.end([T0, 190_000_000]);

  const query = db.startSpan('SELECT orders', { kind: SpanKind.INTERNAL, startTime: [T0, 140_000_000], attributes: { 'db.system': 'postgresql', 'db.operation.name': 'SELECT' } }, rootCtx);
  query.end([T0 + 12, 5]); // longer than 2^32 ns: the high halves of the timestamps differ

  // A child of a remote parent carrying W3C trace state.
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    traceFlags: 1,
    isRemote: true,
    traceState: new TraceState('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'),
  });
  const producer = http.startSpan('orders publish', { kind: SpanKind.PRODUCER, startTime: [T0 + 1, 0] }, remote);
  producer.end([T0 + 1, 999_999_999]);

  const zero = http.startSpan('instant', { kind: SpanKind.CONSUMER, startTime: [T0 + 2, 500] });
  zero.end([T0 + 2, 500]); // zero duration is valid

  root.end([T0, 987_654_321]);

  const anonymous = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'telemetry.sdk.language': 'nodejs' }), // no service.name
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  anonymous.getTracer('worker').startSpan('tick', { startTime: [T0 + 3, 1] }).end([T0 + 3, 2]);

  return exporter.getFinishedSpans();
}

/**
 * The same span reported with attribute values the SDK's own setAttribute refuses but the OTLP
 * serializers support (kvlist, bytes): the official serializer still writes them.
 */
export function withAttributes(span: ReadableSpan, attributes: Record<string, unknown>): ReadableSpan {
  return Object.create(span, { attributes: { value: attributes as OtelAttributes } }) as ReadableSpan;
}

const KIND_NAMES: readonly SpanKindName[] = ['Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUS_NAMES: readonly StatusCodeName[] = ['Unset', 'Ok', 'Error'];

function hrTimeNanos(t: readonly [number, number]): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

export function refTimestamp(t: readonly [number, number]): string {
  const ns = hrTimeNanos(t);
  return `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/** Reference flattening of SDK attribute values (what the Collector's AsString gives after OTLP). */
export function refValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return refJson(value, false);
}

function refJson(value: unknown, nested: boolean): string {
  if (value === null || value === undefined) return nested ? 'null' : '';
  if (typeof value === 'string') return nested ? JSON.stringify(value) : value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value).toString();
    return String(value);
  }
  if (value instanceof Uint8Array) {
    const b64 = Buffer.from(value).toString('base64');
    return nested ? `"${b64}"` : b64;
  }
  if (Array.isArray(value)) return `[${value.map((v) => refJson(v, true)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${refJson(v, true)}`).join(',')}}`;
}

function refAttributes(attributes: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes ?? {})) out[k] = refValue(v);
  return out;
}

/** The row a correct decoder produces for an SDK span. */
export function expectedRow(span: ReadableSpan): SpanRow {
  const ctx = span.spanContext();
  const resource = refAttributes(span.resource.attributes);
  return {
    Timestamp: refTimestamp(span.startTime),
    TraceId: ctx.traceId,
    SpanId: ctx.spanId,
    ParentSpanId: span.parentSpanContext?.spanId ?? '',
    TraceState: ctx.traceState?.serialize() ?? '',
    SpanName: span.name,
    SpanKind: KIND_NAMES[span.kind] as SpanKindName,
    ServiceName: resource['service.name'] || 'unknown_service',
    ResourceAttributes: resource,
    ScopeName: span.instrumentationScope.name,
    ScopeVersion: span.instrumentationScope.version ?? '',
    SpanAttributes: refAttributes(span.attributes),
    Duration: Number(hrTimeNanos(span.endTime) - hrTimeNanos(span.startTime)),
    StatusCode: STATUS_NAMES[span.status.code] as StatusCodeName,
    StatusMessage: span.status.message ?? '',
    'Events.Timestamp': span.events.map((e) => refTimestamp(e.time)),
    'Events.Name': span.events.map((e) => e.name),
    'Events.Attributes': span.events.map((e) => refAttributes(e.attributes)),
    'Links.TraceId': span.links.map((l) => l.context.traceId),
    'Links.SpanId': span.links.map((l) => l.context.spanId),
    'Links.TraceState': span.links.map((l) => l.context.traceState?.serialize() ?? ''),
    'Links.Attributes': span.links.map((l) => refAttributes(l.attributes)),
  };
}

/** Rows are grouped by resource and scope on the wire; compare as a set keyed by span id. */
export function bySpanId(rows: readonly SpanRow[]): Map<string, SpanRow> {
  return new Map(rows.map((r) => [r.SpanId, r]));
}
