import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { DecodedSpans } from '../span-row';
import { OtlpDecodeError, type OtlpContentType, decodeOtlpTraces } from './index';
import { buildSdkSpans } from './test-spans';
import { encode, mulberry32, requestOf, span } from './test-wire';

/** Decodes, and fails the test on anything thrown that is not an OtlpDecodeError. */
function attempt(body: Uint8Array, type: OtlpContentType): DecodedSpans | OtlpDecodeError {
  try {
    return decodeOtlpTraces(body, type);
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw new Error(`non-OtlpDecodeError thrown for ${Buffer.from(body).toString('hex').slice(0, 200)}: ${String(err)}`);
  }
}

/** Whatever a decoder returns must still be well-formed rows. */
function expectWellFormed(result: DecodedSpans): void {
  for (const row of result.rows) {
    expect(row.TraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(row.SpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(row.ParentSpanId).toMatch(/^(|[0-9a-f]{16})$/);
    expect(row.Timestamp).toMatch(/^\d+\.\d{9}$/);
    expect(Number.isSafeInteger(row.Duration) && row.Duration >= 0).toBe(true);
  }
  expect(result.errors.length).toBeLessThanOrEqual(5);
  expect(result.errors.length).toBeLessThanOrEqual(result.rejected);
}

describe('truncated and corrupted protobuf', () => {
  const body = ProtobufTraceSerializer.serializeRequest(buildSdkSpans()) as Uint8Array;

  it('reports a truncated request with the offset', () => {
    expect(() => decodeOtlpTraces(body.subarray(0, 40), 'protobuf')).toThrow(/^invalid protobuf: truncated message at offset \d+$/);
  });

  it('throws OtlpDecodeError for every truncation inside the first resource, never anything else', () => {
    // The first resource_spans entry: tag byte, then its length varint.
    let length = 0;
    let shift = 0;
    let pos = 1;
    for (;;) {
      const b = body[pos++] as number;
      length |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) break;
    }
    const firstEnd = pos + length;
    expect(firstEnd).toBeLessThan(body.length); // there is a second resource after it
    for (let cut = 1; cut < firstEnd; cut++) {
      const result = attempt(body.subarray(0, cut), 'protobuf');
      expect(result, `cut at ${cut}`).toBeInstanceOf(OtlpDecodeError);
      expect((result as OtlpDecodeError).message).toMatch(/^invalid protobuf: /);
    }
    // Cutting exactly between two resources leaves a valid, shorter request.
    const firstOnly = attempt(body.subarray(0, firstEnd), 'protobuf');
    expect(firstOnly).not.toBeInstanceOf(OtlpDecodeError);
    expect((firstOnly as DecodedSpans).rows.length).toBe(5);
  });

  it('survives 200 random buffers with OtlpDecodeError or well-formed rows', () => {
    const random = mulberry32(20260601);
    let errors = 0;
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 4096));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const result = attempt(bytes, 'protobuf');
      if (result instanceof OtlpDecodeError) errors++;
      else expectWellFormed(result);
    }
    expect(errors).toBeGreaterThan(150);
  });

  it('survives 300 single-byte corruptions of a real request', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 300; i++) {
      const corrupt = Uint8Array.from(body);
      corrupt[Math.floor(random() * corrupt.length)] = Math.floor(random() * 256);
      const result = attempt(corrupt, 'protobuf');
      if (!(result instanceof OtlpDecodeError)) expectWellFormed(result);
    }
  });

  it('names the problem for bad wire types, field number 0, overlong varints and overrunning fields', () => {
    expect(() => decodeOtlpTraces(Uint8Array.from([0x0f]), 'protobuf')).toThrow('invalid protobuf: invalid wire type 7 at offset 1');
    expect(() => decodeOtlpTraces(Uint8Array.from([0x00, 0x00]), 'protobuf')).toThrow('invalid protobuf: field number 0 at offset 1');
    // An int_value whose varint runs to 11 bytes; and a span kind likewise.
    const overlong = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    const intAttr = { n: 9, message: [{ n: 1, string: 'k' }, { n: 2, bytes: [0x18, ...overlong] }] };
    expect(() => decodeOtlpTraces(requestOf(span({ extra: [intAttr] })), 'protobuf')).toThrow(/^invalid protobuf: varint longer than 10 bytes at offset \d+$/);
    const spanBytes = [...encode(span()), 0x30, ...overlong]; // 0x30: kind = 6, varint
    expect(() => decodeOtlpTraces(encode([{ n: 1, message: [{ n: 2, message: [{ n: 2, bytes: spanBytes }] }] }]), 'protobuf')).toThrow(
      /^invalid protobuf: invalid varint encoding at offset \d+$/,
    );
    // resource_spans of length 2 whose content is a string claiming 5 bytes.
    expect(() => decodeOtlpTraces(Uint8Array.from([0x0a, 0x02, 0x1a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65]), 'protobuf')).toThrow(
      'invalid protobuf: field overruns its enclosing message at offset 4',
    );
  });

  it('refuses deeply nested unknown groups without overflowing the stack', () => {
    const depth = 5000;
    const bytes = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) bytes[i] = 0x7b; // field 15, start group
    for (let i = 0; i < depth; i++) bytes[depth + i] = 0x7c; // field 15, end group
    expect(() => decodeOtlpTraces(bytes, 'protobuf')).toThrow(/^invalid protobuf: max depth exceeded/);
  });

  it('treats a JSON body sent as protobuf as undecodable or as garbage-free rows, never a crash', () => {
    const json = JsonTraceSerializer.serializeRequest(buildSdkSpans()) as Uint8Array;
    const result = attempt(json, 'protobuf');
    if (!(result instanceof OtlpDecodeError)) expectWellFormed(result);
  });

  it('decodes a request followed by garbage as an error, not as the valid prefix', () => {
    const valid = requestOf(span());
    const withGarbage = Uint8Array.from([...valid, 0x0a, 0x7f, 0x01]);
    expect(() => decodeOtlpTraces(withGarbage, 'protobuf')).toThrow(/^invalid protobuf: truncated message/);
    expect(attempt(encode([{ n: 1, message: [] }]), 'protobuf')).toEqual({ rows: [], rejected: 0, errors: [] });
  });
});

describe('malformed JSON', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('rejects non-JSON, non-object and wrongly typed envelopes with a message', () => {
    expect(() => decodeOtlpTraces(utf8('{"resourceSpans": ['), 'json')).toThrow(/^invalid JSON: /);
    expect(() => decodeOtlpTraces(utf8(''), 'json')).toThrow(/^invalid JSON: /);
    expect(() => decodeOtlpTraces(utf8('[]'), 'json')).toThrow(/^\(root\): /);
    expect(() => decodeOtlpTraces(utf8('null'), 'json')).toThrow(/^\(root\): /);
    expect(() => decodeOtlpTraces(utf8('{"resourceSpans": "x"}'), 'json')).toThrow(/^resourceSpans: /);
    expect(() => decodeOtlpTraces(utf8('{"resourceSpans": [1]}'), 'json')).toThrow(/^resourceSpans\[0\]: /);
  });

  it('survives 200 random mutations of a real JSON request', () => {
    const json = Buffer.from(JsonTraceSerializer.serializeRequest(buildSdkSpans()) as Uint8Array).toString('utf8');
    const random = mulberry32(99);
    const alphabet = '{}[]":,0123456789abcdef-.eE nulltruefalse\\';
    for (let i = 0; i < 200; i++) {
      const chars = [...json];
      for (let k = 0; k < 3; k++) chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * alphabet.length)] as string;
      const result = attempt(utf8(chars.join('')), 'json');
      if (!(result instanceof OtlpDecodeError)) expectWellFormed(result);
    }
  });

  it('survives 200 random byte buffers as JSON', () => {
    const random = mulberry32(1234);
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 512));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      expect(attempt(bytes, 'json')).toBeInstanceOf(OtlpDecodeError);
    }
  });
});
