import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { encodeExportTraceServiceResponse, encodeExportTraceServiceResponseJson, partialSuccessOf } from './index';

/** ExportTraceServiceResponse decoded field by field with protobufjs's Reader. */
function readResponse(bytes: Uint8Array): { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } } {
  const reader = protobuf.Reader.create(bytes);
  const out: { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } } = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    expect(tag).toBe((1 << 3) | 2); // partial_success = 1, length-delimited
    const end = reader.uint32() + reader.pos;
    const partial: { rejectedSpans?: string; errorMessage?: string } = {};
    while (reader.pos < end) {
      const inner = reader.uint32();
      if (inner === ((1 << 3) | 0)) partial.rejectedSpans = reader.int64().toString();
      else if (inner === ((2 << 3) | 2)) partial.errorMessage = reader.string();
      else throw new Error(`unexpected tag ${inner}`);
    }
    out.partialSuccess = partial;
  }
  return out;
}

describe('ExportTraceServiceResponse', () => {
  it('is an empty body (protobuf) and {} (JSON) when nothing was rejected', () => {
    const ok = { rejectedSpans: 0, errorMessage: '' };
    expect(encodeExportTraceServiceResponse(ok)).toEqual(new Uint8Array(0));
    expect(encodeExportTraceServiceResponseJson(ok)).toBe('{}');
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportTraceServiceResponse(ok))).toEqual({});
  });

  it('carries rejected_spans and error_message in partial_success', () => {
    const result = { rejectedSpans: 2, errorMessage: 'resourceSpans[0].scopeSpans[0].spans[1]: trace_id is all zeroes; 团购' };
    const bytes = encodeExportTraceServiceResponse(result);
    expect(readResponse(bytes)).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: result.errorMessage } });
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: result.errorMessage } });

    const text = encodeExportTraceServiceResponseJson(result);
    expect(JSON.parse(text)).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: result.errorMessage } });
    expect(JsonTraceSerializer.deserializeResponse(new TextEncoder().encode(text))).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: result.errorMessage } });
  });

  it('encodes counts beyond 32 bits exactly', () => {
    const bytes = encodeExportTraceServiceResponse({ rejectedSpans: 2 ** 40 + 3, errorMessage: '' });
    expect(readResponse(bytes)).toEqual({ partialSuccess: { rejectedSpans: '1099511627779' } });
  });

  it('sends a warning-only partial success (message without rejections)', () => {
    const bytes = encodeExportTraceServiceResponse({ rejectedSpans: 0, errorMessage: 'attributes truncated' });
    expect(readResponse(bytes)).toEqual({ partialSuccess: { errorMessage: 'attributes truncated' } });
    expect(encodeExportTraceServiceResponseJson({ rejectedSpans: 0, errorMessage: 'attributes truncated' })).toBe('{"partialSuccess":{"errorMessage":"attributes truncated"}}');
  });

  it('summarises a decode result, saying how many reasons were left out', () => {
    expect(partialSuccessOf({ rejected: 0, errors: [] })).toEqual({ rejectedSpans: 0, errorMessage: '' });
    expect(partialSuccessOf({ rejected: 2, errors: ['a: x', 'b: y'] })).toEqual({ rejectedSpans: 2, errorMessage: 'a: x; b: y' });
    expect(partialSuccessOf({ rejected: 9, errors: ['a: x', 'b: y'] })).toEqual({ rejectedSpans: 9, errorMessage: 'a: x; b: y; and 7 more rejected spans' });
  });
});
