/**
 * ExportTraceServiceResponse bodies (collector/trace/v1/trace_service.proto). `partial_success`
 * is left out entirely when nothing was rejected: exporters read an empty message as full success.
 */
import protobuf from 'protobufjs/minimal.js';
import type { DecodedSpans } from '../span-row';

const { Writer } = protobuf;

export interface ExportTracePartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

export function encodeExportTraceServiceResponse(result: ExportTracePartialSuccess): Uint8Array {
  if (isFullSuccess(result)) return new Uint8Array(0);
  const writer = Writer.create();
  writer.uint32((1 << 3) | 2).fork(); // partial_success = 1, ExportTracePartialSuccess
  if (result.rejectedSpans !== 0) writer.uint32((1 << 3) | 0).int64(result.rejectedSpans); // rejected_spans = 1
  if (result.errorMessage !== '') writer.uint32((2 << 3) | 2).string(result.errorMessage); // error_message = 2
  writer.ldelim();
  return writer.finish();
}

/** The OTLP/JSON form: int64 as a decimal string, default-valued fields omitted. */
export function encodeExportTraceServiceResponseJson(result: ExportTracePartialSuccess): string {
  if (isFullSuccess(result)) return '{}';
  const partialSuccess: { rejectedSpans?: string; errorMessage?: string } = {};
  if (result.rejectedSpans !== 0) partialSuccess.rejectedSpans = String(result.rejectedSpans);
  if (result.errorMessage !== '') partialSuccess.errorMessage = result.errorMessage;
  return JSON.stringify({ partialSuccess });
}

/** What to report back for a decoded request: the rejected count and the kept reasons. */
export function partialSuccessOf(decoded: Pick<DecodedSpans, 'rejected' | 'errors'>): ExportTracePartialSuccess {
  const unexplained = decoded.rejected - decoded.errors.length;
  const errorMessage =
    decoded.errors.join('; ') + (unexplained > 0 && decoded.errors.length > 0 ? `; and ${unexplained} more rejected spans` : '');
  return { rejectedSpans: decoded.rejected, errorMessage };
}

function isFullSuccess(result: ExportTracePartialSuccess): boolean {
  return result.rejectedSpans === 0 && result.errorMessage === '';
}
