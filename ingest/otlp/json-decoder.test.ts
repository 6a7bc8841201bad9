import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { OtlpDecodeError, decodeOtlpTraces } from './index';
import { buildSdkSpans, bySpanId, expectedRow, withAttributes } from './test-spans';

const json = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const decode = (value: unknown) => decodeOtlpTraces(json(value), 'json');

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

/** A one-span OTLP/JSON request; `spanFields` override or extend the span. */
function requestWith(spanFields: Record<string, unknown>, resourceAttributes: unknown[] = [{ key: 'service.name', value: { stringValue: 'svc' } }]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: resourceAttributes },
        scopeSpans: [
          {
            scope: { name: 'lib', version: '1.0' },
            spans: [{ traceId: TRACE, spanId: SPAN, name: 'op', kind: 2, startTimeUnixNano: '1795300000123456789', endTimeUnixNano: '1795300000123457789', ...spanFields }],
          },
        ],
      },
    ],
  };
}

function onlyRow(value: unknown) {
  const result = decode(value);
  expect(result.rejected).toBe(0);
  expect(result.rows).toHaveLength(1);
  return result.rows[0];
}

describe('JSON decoding of requests serialized by the official OpenTelemetry JS serializer', () => {
  const spans = buildSdkSpans();
  const decoded = decodeOtlpTraces(JsonTraceSerializer.serializeRequest(spans) as Uint8Array, 'json');

  it('reproduces each span exactly', () => {
    expect(decoded.rejected).toBe(0);
    expect(decoded.rows).toHaveLength(spans.length);
    const rows = bySpanId(decoded.rows);
    for (const span of spans) expect(rows.get(span.spanContext().spanId)).toEqual(expectedRow(span));
  });

  it('gives the same rows as the protobuf encoding of the same spans, in the same order', () => {
    const fromProto = decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, 'protobuf');
    expect(decoded).toEqual(fromProto);
  });

  it('agrees with protobuf on kvlist, bytes and out-of-int64 numbers too', () => {
    const span = spans[0];
    if (!span) throw new Error('no spans');
    const wrapped = [withAttributes(span, { map: { b: [1, 2 ** 60], a: Uint8Array.from([1, 2]) }, raw: Uint8Array.from([250]), huge: 2 ** 64, big: 2 ** 60 })];
    const viaJson = decodeOtlpTraces(JsonTraceSerializer.serializeRequest(wrapped) as Uint8Array, 'json');
    const viaProto = decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest(wrapped) as Uint8Array, 'protobuf');
    expect(viaJson).toEqual(viaProto);
    expect(viaJson.rows[0]?.SpanAttributes).toEqual({
      map: '{"a":"AQI=","b":[1,1152921504606846976]}',
      raw: '+g==',
      huge: '18446744073709552000',
      big: '1152921504606846976',
    });
  });
});

describe('OTLP/JSON mapping details', () => {
  it('accepts proto snake_case field names everywhere', () => {
    const row = onlyRow({
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              scope: { name: 'lib' },
              spans: [
                {
                  trace_id: TRACE,
                  span_id: SPAN,
                  parent_span_id: '1111111111111111',
                  trace_state: 'a=b',
                  name: 'op',
                  kind: 3,
                  start_time_unix_nano: '1795300000000000000',
                  end_time_unix_nano: '1795300000000000100',
                  attributes: [
                    { key: 'i', value: { int_value: '12' } },
                    { key: 'b', value: { bool_value: true } },
                    { key: 'd', value: { double_value: 0.5 } },
                    { key: 'y', value: { bytes_value: 'AAE=' } },
                    { key: 'a', value: { array_value: { values: [{ int_value: 1 }] } } },
                    { key: 'm', value: { kvlist_value: { values: [{ key: 'k', value: { string_value: 'v' } }] } } },
                  ],
                  events: [{ time_unix_nano: '1795300000000000050', name: 'e', attributes: [] }],
                  links: [{ trace_id: TRACE, span_id: '2222222222222222', trace_state: 'x=y' }],
                  status: { code: 2, message: 'bad' },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(row).toEqual({
      Timestamp: '1795300000.000000000',
      TraceId: TRACE,
      SpanId: SPAN,
      ParentSpanId: '1111111111111111',
      TraceState: 'a=b',
      SpanName: 'op',
      SpanKind: 'Client',
      ServiceName: 'snake',
      ResourceAttributes: { 'service.name': 'snake' },
      ScopeName: 'lib',
      ScopeVersion: '',
      SpanAttributes: { i: '12', b: 'true', d: '0.5', y: 'AAE=', a: '[1]', m: '{"k":"v"}' },
      Duration: 100,
      StatusCode: 'Error',
      StatusMessage: 'bad',
      'Events.Timestamp': ['1795300000.000000050'],
      'Events.Name': ['e'],
      'Events.Attributes': [{}],
      'Links.TraceId': [TRACE],
      'Links.SpanId': ['2222222222222222'],
      'Links.TraceState': ['x=y'],
      'Links.Attributes': [{}],
    });
  });

  it('accepts enum names as well as integers', () => {
    expect(onlyRow(requestWith({ kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK' } }))).toMatchObject({ SpanKind: 'Consumer', StatusCode: 'Ok' });
    expect(onlyRow(requestWith({ kind: 'SPAN_KIND_UNSPECIFIED', status: { code: 'STATUS_CODE_ERROR' } }))).toMatchObject({ SpanKind: 'Unspecified', StatusCode: 'Error' });
    expect(onlyRow(requestWith({ kind: 4, status: { code: 0 } }))).toMatchObject({ SpanKind: 'Producer', StatusCode: 'Unset' });
    expect(onlyRow(requestWith({ kind: 42, status: { code: 9 } }))).toMatchObject({ SpanKind: 'Unspecified', StatusCode: 'Unset' });
  });

  it('accepts int64 as decimal strings or numbers, exactly', () => {
    const row = onlyRow(
      requestWith({
        startTimeUnixNano: 1_000_000_000, // a number
        endTimeUnixNano: '1000000250',
        attributes: [
          { key: 'max', value: { intValue: '9223372036854775807' } },
          { key: 'min', value: { intValue: '-9223372036854775808' } },
          { key: 'num', value: { intValue: 42 } },
          { key: 'neg', value: { intValue: -42 } },
          { key: 'padded', value: { intValue: '007' } },
          { key: 'minus_zero', value: { intValue: '-0' } },
          { key: 'above_2^53', value: { intValue: '9007199254740993' } },
          { key: 'double_str', value: { doubleValue: '2.5' } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
          { key: 'inf', value: { doubleValue: '-Infinity' } },
        ],
      }),
    );
    expect(row?.Timestamp).toBe('1.000000000');
    expect(row?.Duration).toBe(250);
    expect(row?.SpanAttributes).toEqual({
      max: '9223372036854775807',
      min: '-9223372036854775808',
      num: '42',
      neg: '-42',
      padded: '7',
      minus_zero: '0',
      'above_2^53': '9007199254740993',
      double_str: '2.5',
      nan: 'NaN',
      inf: '-Inf',
    });
  });

  it('lowercases uppercase hex ids, treats null as absent, ignores unknown fields, and tolerates a BOM', () => {
    const body = JSON.stringify(
      requestWith({
        traceId: TRACE.toUpperCase(),
        spanId: SPAN.toUpperCase(),
        parentSpanId: null,
        traceState: null,
        flags: 257,
        droppedAttributesCount: 3,
        somethingNew: { nested: [1, 2, 3] },
        attributes: [{ key: 'k', value: { stringValue: 'v', futureValue: 1 } }, { key: 'n', value: null }, { key: 'e', value: {} }],
        events: null,
        status: null,
      }),
    );
    const row = onlyRow('\ufeff' + body);
    expect(row).toMatchObject({ TraceId: TRACE, SpanId: SPAN, ParentSpanId: '', TraceState: '', StatusCode: 'Unset' });
    expect(row?.SpanAttributes).toEqual({ k: 'v', n: '', e: '' });
    expect(row?.['Events.Name']).toEqual([]);
  });

  it('normalises URL-safe or unpadded base64 bytes to standard base64', () => {
    const row = onlyRow(requestWith({ attributes: [{ key: 'b', value: { bytesValue: '-_8' } }, { key: 'n', value: { arrayValue: { values: [{ bytesValue: '+/8=' }, {}] } } }] }));
    expect(row?.SpanAttributes).toEqual({ b: '+/8=', n: '["+/8=",null]' });
  });

  it('returns nothing for an empty request object', () => {
    expect(decode({})).toEqual({ rows: [], rejected: 0, errors: [] });
    expect(decode({ resourceSpans: [] })).toEqual({ rows: [], rejected: 0, errors: [] });
  });
});

describe('JSON rejections and errors', () => {
  it('rejects spans with all-zero or empty ids and end before start, keeping the rest', () => {
    const good = { traceId: TRACE, spanId: SPAN, name: 'good', startTimeUnixNano: '10', endTimeUnixNano: '20' };
    const result = decode({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { ...good, traceId: '0'.repeat(32) },
                good,
                { ...good, spanId: '' },
                { ...good, endTimeUnixNano: '9' },
                { ...good, links: [{ traceId: TRACE, spanId: '' }] },
              ],
            },
          ],
        },
      ],
    });
    expect(result.rows.map((r) => r.SpanName)).toEqual(['good', 'good']);
    expect(result.rows[0]?.ServiceName).toBe('unknown_service');
    expect(result.rejected).toBe(3);
    expect(result.errors).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0]: trace_id is all zeroes',
      'resourceSpans[0].scopeSpans[0].spans[2]: span_id is missing',
      'resourceSpans[0].scopeSpans[0].spans[3]: end_time_unix_nano is before start_time_unix_nano',
    ]);
  });

  const wrong: Array<[string, Record<string, unknown>, string]> = [
    ['a non-hex trace id', { traceId: 'zz'.repeat(16) }, 'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex characters'],
    ['a base64 trace id', { traceId: 'S/kvNXezTaajzpKdDg5HNg==' }, 'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex characters'],
    ['a short span id', { spanId: 'abc' }, 'resourceSpans[0].scopeSpans[0].spans[0].spanId: expected 16 hex characters'],
    ['a numeric parent id', { parentSpanId: 12 }, 'resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: expected 16 hex characters'],
    ['a fractional timestamp', { startTimeUnixNano: '12.5' }, 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)'],
    ['a negative timestamp', { endTimeUnixNano: -1 }, 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)'],
    ['a timestamp beyond uint64', { endTimeUnixNano: '18446744073709551616' }, 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)'],
    ['a numeric name', { name: 5 }, 'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string'],
    ['an unknown kind name', { kind: 'SPAN_KIND_BOGUS' }, 'resourceSpans[0].scopeSpans[0].spans[0].kind: expected an integer or one of SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER, SPAN_KIND_CONSUMER'],
    ['attributes that are an object', { attributes: { k: 'v' } }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes: expected an array'],
    ['an attribute that is a string', { attributes: ['k=v'] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]: expected an object'],
    ['a fractional intValue', { attributes: [{ key: 'a', value: { stringValue: 'ok' } }, { key: 'k', value: { intValue: '1.5' } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[1].value.intValue: expected a 64-bit integer (decimal string or number)'],
    ['an intValue beyond int64', { attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue: expected a 64-bit integer (decimal string or number)'],
    ['a string boolValue', { attributes: [{ key: 'k', value: { boolValue: 'true' } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.boolValue: expected true or false'],
    ['a non-numeric doubleValue', { attributes: [{ key: 'k', value: { doubleValue: 'fast' } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.doubleValue: expected a number, "NaN", "Infinity" or "-Infinity"'],
    ['bad base64', { attributes: [{ key: 'k', value: { bytesValue: 'a b' } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.bytesValue: expected base64'],
    ['a bad nested value', { attributes: [{ key: 'k', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 3 }] } } }] }, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.arrayValue.values[1].stringValue: expected a string'],
    ['a bad event', { events: [{ name: 'e', timeUnixNano: 'soon' }] }, 'resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano: expected an unsigned 64-bit integer (decimal string or number)'],
    ['a bad link id', { links: [{ traceId: TRACE, spanId: 'xyz' }] }, 'resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId: expected 16 hex characters'],
    ['a bad status code', { status: { code: 'ERROR' } }, 'resourceSpans[0].scopeSpans[0].spans[0].status.code: expected an integer or one of STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR'],
  ];

  for (const [what, fields, message] of wrong) {
    it(`fails the request with the path for ${what}`, () => {
      expect(() => decode(requestWith(fields))).toThrow(new OtlpDecodeError(message));
    });
  }

  it('names the path of a malformed resource or scope', () => {
    expect(() => decode({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 1 } }] } }] })).toThrow(
      'resourceSpans[0].resource.attributes[0].value.stringValue: expected a string',
    );
    expect(() => decode({ resourceSpans: [{ scopeSpans: [{ scope: { name: ['x'] } }] }] })).toThrow('resourceSpans[0].scopeSpans[0].scope.name: expected a string');
    expect(() => decode({ resourceSpans: [{ scopeSpans: [{ spans: [null] }] }] })).toThrow('resourceSpans[0].scopeSpans[0].spans[0]: expected an object');
  });

  it('refuses values nested deeper than 32 levels but accepts 32', () => {
    const nest = (levels: number): unknown => (levels === 0 ? { intValue: 1 } : { arrayValue: { values: [nest(levels - 1)] } });
    expect(onlyRow(requestWith({ attributes: [{ key: 'k', value: nest(32) }] }))?.SpanAttributes['k']).toBe('['.repeat(32) + '1' + ']'.repeat(32));
    expect(() => decode(requestWith({ attributes: [{ key: 'k', value: nest(33) }] }))).toThrow(/attribute value nested deeper than 32 levels$/);
  });
});
