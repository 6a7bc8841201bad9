import type { DecodedSpans } from '../span-row';
import { decodeTracesJson } from './json-decoder';
import { decodeTracesProtobuf } from './proto-decoder';

export type OtlpContentType = 'protobuf' | 'json';

/**
 * Decodes an OTLP/HTTP ExportTraceServiceRequest body (already decompressed) into rows.
 * Throws OtlpDecodeError when the body as a whole is undecodable (answer 400); spans that are
 * individually invalid are counted in `rejected` and the rest are returned (partial success).
 */
export function decodeOtlpTraces(body: Uint8Array, contentType: OtlpContentType): DecodedSpans {
  return contentType === 'protobuf' ? decodeTracesProtobuf(body) : decodeTracesJson(body);
}

export { OtlpDecodeError } from './errors';
export { decodeTracesJson } from './json-decoder';
export { decodeTracesProtobuf } from './proto-decoder';
export {
  type ExportTracePartialSuccess,
  encodeExportTraceServiceResponse,
  encodeExportTraceServiceResponseJson,
  partialSuccessOf,
} from './response';
