import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeOtlpTraces } from './index';
import { T0, buildSdkSpans, bySpanId, expectedRow, withAttributes } from './test-spans';

describe('protobuf decoding of requests serialized by the official OpenTelemetry JS serializer', () => {
  const spans = buildSdkSpans();
  const decoded = decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, 'protobuf');
  const rows = bySpanId(decoded.rows);
  const find = (name: string) => {
    const span = spans.find((s) => s.name === name);
    if (!span) throw new Error(`no span ${name}`);
    return { span, row: rows.get(span.spanContext().spanId) };
  };

  it('returns every span and rejects none', () => {
    expect(spans).toHaveLength(6);
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    expect(decoded.rows).toHaveLength(6);
    expect(rows.size).toBe(6);
  });

  it('reproduces each span exactly (ids, times, kinds, attributes, events, links, status, resource, scope)', () => {
    for (const span of spans) expect(rows.get(span.spanContext().spanId)).toEqual(expectedRow(span));
  });

  it('writes the root server span with the literal values the Collector would store', () => {
    const { span, row } = find('POST /api/groups/:id/join');
    expect(row).toMatchObject({
      Timestamp: '1795300000.123456789',
      TraceId: span.spanContext().traceId,
      ParentSpanId: '',
      SpanKind: 'Server',
      ServiceName: 'checkout',
      ScopeName: 'sightline-demo/http',
      ScopeVersion: '0.3.1',
      Duration: 864_197_532,
      StatusCode: 'Error',
      StatusMessage: 'upstream unavailable',
    });
    expect(row?.TraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(row?.SpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(row?.SpanAttributes).toEqual({
      'http.route': '/api/groups/:id/join',
      'http.request.method': 'POST',
      'http.response.status_code': '503',
      'sightline.negative': '-42',
      'sightline.ratio': '3.25',
      'sightline.tiny': '1e-7',
      'sightline.big_int': '1152921504606846976',
      'sightline.huge': '1e+21',
      'sightline.flag': 'false',
      'sightline.strings': '["a","b\\"quoted\\"","雪"]',
      'sightline.ints': '[1,-2,3]',
      'sightline.mixed_numbers': '[1,2.5]',
      'sightline.bools': '[true,false]',
      'sightline.with_null': '["x",null]',
      'sightline.empty': '[]',
      'sightline.hostile': `'); DROP TABLE otel_traces; -- <script>alert(1)</script>`,
      'sightline.unicode': '团购 🛒',
    });
    expect(row?.ResourceAttributes).toEqual({
      'service.name': 'checkout',
      'service.version': '1.42.0',
      'cloud.region': 'ap-southeast-1',
      'deployment.role': 'canary',
      'process.pid': '4242',
      'host.arch.is64': 'true',
    });
    expect(row?.['Events.Timestamp']).toEqual(['1795300000.200000000', '1795300000.300000001']);
    expect(row?.['Events.Name']).toEqual(['exception', 'retry']);
    expect(row?.['Events.Attributes']).toEqual([
      { 'exception.type': 'UpstreamUnavailable', 'exception.message': 'payment: 503', 'exception.escaped': 'true' },
      {},
    ]);
  });

  it('keeps parent ids, links with trace state and attributes, and OK status on the client span', () => {
    const { row } = find('payment.v1.Payments/Charge');
    const root = find('POST /api/groups/:id/join').row;
    expect(row?.ParentSpanId).toBe(root?.SpanId);
    expect(row?.TraceId).toBe(root?.TraceId);
    expect(row?.SpanKind).toBe('Client');
    expect(row?.StatusCode).toBe('Ok');
    expect(row?.StatusMessage).toBe('');
    expect(row?.Duration).toBe(60_000_000);
    expect(row?.['Links.TraceId']).toEqual(['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736']);
    expect(row?.['Links.SpanId']).toEqual(['b7ad6b7169203331', '00f067aa0ba902b7']);
    expect(row?.['Links.TraceState']).toEqual(['vendor=opaque,other=1', '']);
    expect(row?.['Links.Attributes']).toEqual([{ 'link.kind': 'follows_from', 'link.order': '1' }, {}]);
  });

  it('handles durations beyond 2^32 ns, remote parents with trace state, zero durations and scopes without version', () => {
    const query = find('SELECT orders').row;
    expect(query?.Duration).toBe(11_860_000_005);
    expect(query?.SpanKind).toBe('Internal');
    expect(query?.ScopeName).toBe('sightline-demo/db');
    expect(query?.ScopeVersion).toBe('');

    const producer = find('orders publish').row;
    expect(producer).toMatchObject({
      TraceId: '5b8efff798038103d269b633813fc60c',
      ParentSpanId: 'eee19b7ec3c1b174',
      TraceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
      SpanKind: 'Producer',
      Timestamp: `${T0 + 1}.000000000`,
      Duration: 999_999_999,
    });

    const instant = find('instant').row;
    expect(instant).toMatchObject({ SpanKind: 'Consumer', Duration: 0, Timestamp: `${T0 + 2}.000000500`, StatusCode: 'Unset' });
  });

  it("names spans of a resource without service.name 'unknown_service'", () => {
    const { row } = find('tick');
    expect(row?.ServiceName).toBe('unknown_service');
    expect(row?.ResourceAttributes).toEqual({ 'telemetry.sdk.language': 'nodejs' });
    expect(row?.ScopeName).toBe('worker');
  });

  it('flattens kvlist and bytes values (which only the serializer, not setAttribute, accepts) like the Collector', () => {
    const span = spans[0];
    if (!span) throw new Error('no spans');
    const wrapped = withAttributes(span, {
      map: { zeta: 1, alpha: 'a', nested: { list: [true, 2.5, 'x'], bytes: Uint8Array.from([0, 255]) } },
      raw: Uint8Array.from([104, 105, 0, 255]),
      empty_map: {},
    });
    const result = decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest([wrapped]) as Uint8Array, 'protobuf');
    expect(result.rows[0]?.SpanAttributes).toEqual({
      map: '{"alpha":"a","nested":{"bytes":"AP8=","list":[true,2.5,"x"]},"zeta":1}',
      raw: 'aGkA/w==',
      empty_map: '{}',
    });
    expect(result.rows[0]).toEqual(expectedRow(wrapped));
  });

  it('decodes a 120-span request spread over 40 resources identically to the reference', () => {
    const many = Array.from({ length: 20 }, () => buildSdkSpans()).flat();
    const result = decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest(many) as Uint8Array, 'protobuf');
    expect(result.rows).toHaveLength(many.length);
    const byId = bySpanId(result.rows);
    for (const span of many) expect(byId.get(span.spanContext().spanId)).toEqual(expectedRow(span));
  });

  it('accepts a body given as a plain Uint8Array view into a larger buffer', () => {
    const body = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    const backing = new Uint8Array(body.length + 10);
    backing.set(body, 7);
    const view = new Uint8Array(backing.buffer, 7, body.length);
    expect(decodeOtlpTraces(view, 'protobuf')).toEqual(decoded);
  });
});
