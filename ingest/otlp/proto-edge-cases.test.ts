import { describe, expect, it } from 'vitest';
import { OtlpDecodeError, decodeOtlpTraces } from './index';
import {
  type Field,
  GOOD_SPAN,
  GOOD_TRACE,
  START,
  anyArray,
  anyBool,
  anyBytes,
  anyDouble,
  anyInt,
  anyKvlist,
  anyString,
  attr,
  encode,
  hexBytes,
  request,
  requestOf,
  span,
} from './test-wire';

const decode = (body: Uint8Array) => decodeOtlpTraces(body, 'protobuf');

/** Span attributes (field 9) of a single-span request, decoded. */
function spanAttributes(...attributes: Field[]): Record<string, string> {
  const result = decode(requestOf(span({ extra: attributes })));
  expect(result.rejected).toBe(0);
  return result.rows[0]?.SpanAttributes ?? {};
}

describe('protobuf attribute values', () => {
  it('writes int64 values exactly, including beyond 2^53 and both extremes', () => {
    expect(
      spanAttributes(
        attr(9, 'zero', anyInt(0)),
        attr(9, 'minus_one', anyInt(-1)),
        attr(9, 'u32', anyInt(4294967295)),
        attr(9, 'above_2^53', anyInt(2n ** 53n + 1n)),
        attr(9, 'max', anyInt(2n ** 63n - 1n)),
        attr(9, 'min', anyInt(-(2n ** 63n))),
        attr(9, 'neg_big', anyInt(-(2n ** 53n) - 3n)),
        attr(9, 'five_bytes', anyInt(2n ** 34n + 5n)),
      ),
    ).toEqual({
      zero: '0',
      minus_one: '-1',
      u32: '4294967295',
      'above_2^53': '9007199254740993',
      max: '9223372036854775807',
      min: '-9223372036854775808',
      neg_big: '-9007199254740995',
      five_bytes: '17179869189',
    });
  });

  it('writes doubles as Go does (ES6 shortest form, signed zero, named non-finite values)', () => {
    expect(
      spanAttributes(
        attr(9, 'a', anyDouble(0.1)),
        attr(9, 'b', anyDouble(-0)),
        attr(9, 'c', anyDouble(1e21)),
        attr(9, 'd', anyDouble(1.5e-7)),
        attr(9, 'e', anyDouble(123456.789)),
        attr(9, 'f', anyDouble(NaN)),
        attr(9, 'g', anyDouble(Infinity)),
        attr(9, 'h', anyDouble(-Infinity)),
        attr(9, 'i', anyDouble(2)),
      ),
    ).toEqual({ a: '0.1', b: '-0', c: '1e+21', d: '1.5e-7', e: '123456.789', f: 'NaN', g: '+Inf', h: '-Inf', i: '2' });
  });

  it('writes bytes as standard base64, empty values as "", and nested values as JSON', () => {
    expect(
      spanAttributes(
        attr(9, 'bytes', anyBytes([0xfb, 0xff, 0x00])),
        attr(9, 'no_value', undefined),
        attr(9, 'empty_any', []),
        attr(9, 'bool', anyBool(true)),
        attr(9, 'array', anyArray([anyString('x'), anyInt(2n ** 62n), anyDouble(NaN), [], anyBytes([1]), anyArray([anyBool(false)])])),
        attr(9, 'kvlist', anyKvlist([['z', anyInt(-5)], ['a', anyString('"q"')], ['a', anyString('last wins')], ['m', anyKvlist([])]])),
      ),
    ).toEqual({
      bytes: '+/8A',
      no_value: '',
      empty_any: '',
      bool: 'true',
      array: '["x",4611686018427387904,null,null,"AQ==",[false]]',
      kvlist: '{"a":"last wins","m":{},"z":-5}',
    });
  });

  it('keeps the last of repeated keys and stores a hostile __proto__ key as data', () => {
    const attrs = spanAttributes(attr(9, 'k', anyString('first')), attr(9, 'k', anyString('second')), attr(9, '__proto__', anyString('x')));
    expect(attrs['k']).toBe('second');
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toBe('x');
    expect(JSON.stringify(attrs)).toBe('{"k":"second","__proto__":"x"}');
  });

  it('reads strings correctly through the short-string cache (repeats, collisions, non-ASCII, long)', () => {
    const pool = ['GET', 'POST', 'http.route', 'é', '团购', 'x'.repeat(48), 'y'.repeat(49), '', 'a', 'ab', 'abc'];
    for (let i = 0; i < 3000; i++) pool.push(`/api/orders/${i % 700}`, `key.${(i * 7919) % 997}`);
    const attributes = pool.map((value, i) => attr(9, `k${i % 50}.${value}`, anyString(value)));
    const expected: Record<string, string> = {};
    pool.forEach((value, i) => (expected[`k${i % 50}.${value}`] = value));
    expect(spanAttributes(...attributes)).toEqual(expected);
  });

  it('refuses values nested deeper than 32 levels but accepts 32', () => {
    const nest = (levels: number): Field[] => (levels === 0 ? anyInt(1) : anyArray([nest(levels - 1)]));
    expect(spanAttributes(attr(9, 'deep', nest(32)))['deep']).toBe('['.repeat(32) + '1' + ']'.repeat(32));
    expect(() => decode(requestOf(span({ extra: [attr(9, 'deep', nest(33))] })))).toThrow(/invalid protobuf: attribute value nested deeper than 32 levels/);
  });
});

describe('protobuf message structure', () => {
  it('names services and scopes even when resource and scope come after the spans on the wire', () => {
    const body = encode([
      {
        n: 1,
        message: [
          { n: 2, message: [{ n: 2, message: span({ name: 'a' }) }, { n: 1, message: [{ n: 1, string: 'late-scope' }, { n: 2, string: '9.9' }] }] },
          { n: 1, message: [attr(1, 'service.name', anyString('late-service'))] },
        ],
      },
    ]);
    const { rows } = decode(body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ServiceName: 'late-service', ScopeName: 'late-scope', ScopeVersion: '9.9', ResourceAttributes: { 'service.name': 'late-service' } });
  });

  it("uses 'unknown_service' when service.name is missing or empty, and flattens a non-string service.name", () => {
    const one = (resource: Field[] | undefined) =>
      decode(request([{ resource, scopes: [{ spans: [span()] }] }])).rows[0]?.ServiceName;
    expect(one(undefined)).toBe('unknown_service');
    expect(one([attr(1, 'service.name', anyString(''))])).toBe('unknown_service');
    expect(one([attr(1, 'service.name', anyInt(7))])).toBe('7');
  });

  it('skips unknown fields of every wire type, and known field numbers sent with the wrong wire type', () => {
    const unknown: Field[] = [
      { n: 99, varint: 2n ** 63n },
      { n: 100, fixed64: 1n },
      { n: 101, fixed32: 7 },
      { n: 102, bytes: [1, 2, 3] },
      { n: 103, group: [{ n: 1, varint: 1 }, { n: 2, group: [{ n: 3, string: 'deep' }] }] },
    ];
    const body = encode([
      ...unknown,
      {
        n: 1,
        message: [
          ...unknown,
          { n: 1, message: [...unknown, attr(1, 'service.name', anyString('svc')), { n: 2, varint: 3 }] },
          {
            n: 2,
            message: [
              ...unknown,
              { n: 1, message: [...unknown, { n: 1, string: 'lib' }, { n: 3, message: keyValueAttr() }, { n: 4, varint: 1 }] },
              {
                n: 2,
                message: span({
                  kind: 2,
                  extra: [
                    ...unknown,
                    { n: 16, fixed32: 0x301 }, // flags
                    { n: 10, varint: 3 }, // dropped_attributes_count
                    { n: 5, varint: 1 }, // name with the wrong wire type: ignored
                    attr(9, 'k', [...unknown, ...anyString('v')]),
                    { n: 11, message: [...unknown, { n: 1, fixed64: START }, { n: 2, string: 'ev' }, { n: 4, varint: 1 }] },
                    { n: 13, message: [...unknown, { n: 1, bytes: hexBytes(GOOD_TRACE) }, { n: 2, bytes: hexBytes(GOOD_SPAN) }, { n: 6, fixed32: 1 }] },
                    { n: 15, message: [...unknown, { n: 1, varint: 2 }, { n: 2, string: 'msg' }, { n: 3, varint: 2 }] },
                  ],
                }),
              },
            ],
          },
        ],
      },
    ]);
    const result = decode(body);
    expect(result.rejected).toBe(0);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toEqual({
      Timestamp: '1795300000.123456789',
      TraceId: GOOD_TRACE,
      SpanId: GOOD_SPAN,
      ParentSpanId: '',
      TraceState: '',
      SpanName: 'op',
      SpanKind: 'Server',
      ServiceName: 'svc',
      ResourceAttributes: { 'service.name': 'svc' },
      ScopeName: 'lib',
      ScopeVersion: '',
      SpanAttributes: { k: 'v' },
      Duration: 1000,
      StatusCode: 'Error',
      StatusMessage: 'msg',
      'Events.Timestamp': ['1795300000.123456789'],
      'Events.Name': ['ev'],
      'Events.Attributes': [{}],
      'Links.TraceId': [GOOD_TRACE],
      'Links.SpanId': [GOOD_SPAN],
      'Links.TraceState': [''],
      'Links.Attributes': [{}],
    });
  });

  it('maps enum values it does not know (and negative ones) to the zero value', () => {
    const rows = decode(requestOf(span({ kind: 9, extra: [{ n: 15, message: [{ n: 3, varint: 7 }] }] }), span({ spanId: '1111111111111111', kind: -1 }))).rows;
    expect(rows.map((r) => [r.SpanKind, r.StatusCode])).toEqual([
      ['Unspecified', 'Unset'],
      ['Unspecified', 'Unset'],
    ]);
  });

  it('writes timestamps exactly at the edges of fixed64', () => {
    const rows = decode(
      requestOf(
        span({ start: 0n, end: 5n }),
        span({ spanId: '1111111111111111', start: 2n ** 64n - 2n, end: 2n ** 64n - 1n }),
        span({ spanId: '2222222222222222', start: 999_999_999n, end: 1_000_000_000n }),
      ),
    ).rows;
    expect(rows.map((r) => [r.Timestamp, r.Duration])).toEqual([
      ['0.000000000', 5],
      ['18446744073.709551614', 1],
      ['0.999999999', 1],
    ]);
  });

  it('returns no rows for an empty body (an empty request is valid)', () => {
    expect(decode(new Uint8Array(0))).toEqual({ rows: [], rejected: 0, errors: [] });
  });
});

function keyValueAttr(): Field[] {
  return keyValueList('scope.attr', 'ignored');
}

function keyValueList(key: string, value: string): Field[] {
  return [{ n: 1, string: key }, { n: 2, message: anyString(value) }];
}

describe('protobuf span rejections (partial success)', () => {
  const bad: Array<[string, Field[], string]> = [
    ['zero trace id', span({ traceId: '0'.repeat(32) }), 'trace_id is all zeroes'],
    ['15-byte trace id', span({ traceId: 'ab'.repeat(15) }), 'trace_id must be 16 bytes, got 15'],
    ['missing trace id', span({ traceId: '' }), 'trace_id is missing'],
    ['zero span id', span({ spanId: '0'.repeat(16) }), 'span_id is all zeroes'],
    ['9-byte span id', span({ spanId: 'cd'.repeat(9) }), 'span_id must be 8 bytes, got 9'],
    ['missing span id', span({ spanId: '' }), 'span_id is missing'],
    ['4-byte parent', span({ parentSpanId: 'abcdef01' }), 'parent_span_id must be empty or 8 bytes, got 4'],
    ['end before start', span({ start: START, end: START - 1n }), 'end_time_unix_nano is before start_time_unix_nano'],
    ['never ended', span({ start: START, end: 0n }), 'end_time_unix_nano is before start_time_unix_nano'],
    ['absurd duration', span({ start: 1n, end: 2n ** 60n }), 'span lasts longer than 2^53 ns'],
    [
      'link with a 3-byte trace id',
      span({ extra: [{ n: 13, message: [{ n: 1, bytes: [1, 2, 3] }, { n: 2, bytes: hexBytes(GOOD_SPAN) }] }] }),
      'links[0].trace_id must be empty or 16 bytes, got 3',
    ],
  ];

  for (const [what, badSpan, reason] of bad) {
    it(`rejects a span with ${what} and keeps its neighbours`, () => {
      const result = decode(requestOf(span({ name: 'before' }), badSpan, span({ name: 'after', spanId: '1111111111111111' })));
      expect(result.rows.map((r) => r.SpanName)).toEqual(['before', 'after']);
      expect(result.rejected).toBe(1);
      expect(result.errors).toEqual([`resourceSpans[0].scopeSpans[0].spans[1]: ${reason}`]);
    });
  }

  it('accepts a link to an invalid (all-zero or empty) span context, as the spec allows', () => {
    const result = decode(
      requestOf(span({ extra: [{ n: 13, message: [{ n: 1, bytes: new Array(16).fill(0) }, { n: 2, bytes: new Array(8).fill(0) }] }, { n: 13, message: [{ n: 3, string: 'k=v' }] }] })),
    );
    expect(result.rejected).toBe(0);
    expect(result.rows[0]?.['Links.TraceId']).toEqual(['0'.repeat(32), '']);
    expect(result.rows[0]?.['Links.TraceState']).toEqual(['', 'k=v']);
  });

  it('counts every rejection but keeps only the first five reasons, with their positions', () => {
    const spans = [span({ name: 'ok-0' })];
    for (let i = 0; i < 8; i++) spans.push(span({ traceId: '0'.repeat(32) }));
    spans.push(span({ name: 'ok-1' }));
    const result = decode(
      request([
        { scopes: [{ spans: [span({ name: 'ok-r0' })] }] },
        { scopes: [{ spans: [span({ name: 'ok-r1' })] }, { spans }] },
      ]),
    );
    expect(result.rows.map((r) => r.SpanName)).toEqual(['ok-r0', 'ok-r1', 'ok-0', 'ok-1']);
    expect(result.rejected).toBe(8);
    expect(result.errors).toEqual([1, 2, 3, 4, 5].map((i) => `resourceSpans[1].scopeSpans[1].spans[${i}]: trace_id is all zeroes`));
  });

  it('rejects every span of a request without failing the request', () => {
    const result = decode(requestOf(span({ traceId: '' }), span({ spanId: '' })));
    expect(result).toEqual({
      rows: [],
      rejected: 2,
      errors: ['resourceSpans[0].scopeSpans[0].spans[0]: trace_id is missing', 'resourceSpans[0].scopeSpans[0].spans[1]: span_id is missing'],
    });
  });

  it('is an OtlpDecodeError (not a rejection) when the protobuf itself is broken', () => {
    const body = requestOf(span());
    expect(() => decode(body.subarray(0, body.length - 3))).toThrow(OtlpDecodeError);
  });
});
