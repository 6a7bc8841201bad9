/** Enough reasons to diagnose a bad exporter without echoing a whole bad batch back. */
export const MAX_ERROR_MESSAGES = 5;

/** Counts rejected spans and keeps the first few reasons. */
export class Rejections {
  count = 0;
  readonly messages: string[] = [];

  add(where: string, reason: string): void {
    this.count++;
    if (this.messages.length < MAX_ERROR_MESSAGES) this.messages.push(`${where}: ${reason}`);
  }
}

const ZERO_HEX_16 = '0'.repeat(16);
const ZERO_HEX_32 = '0'.repeat(32);

/**
 * Why a span's ids make it unusable, or '' when they are fine. Ids arrive as lowercase hex of
 * whatever bytes were sent; the lengths are in bytes, as the proto field names them.
 */
export function spanIdsProblem(traceId: string, spanId: string, parentSpanId: string): string {
  if (traceId.length !== 32) return lengthProblem('trace_id', 16, traceId);
  if (traceId === ZERO_HEX_32) return 'trace_id is all zeroes';
  if (spanId.length !== 16) return lengthProblem('span_id', 8, spanId);
  if (spanId === ZERO_HEX_16) return 'span_id is all zeroes';
  if (parentSpanId.length !== 0 && parentSpanId.length !== 16) {
    return `parent_span_id must be empty or 8 bytes, got ${parentSpanId.length / 2}`;
  }
  return '';
}

/**
 * Link ids may be empty or all zeroes (the spec allows links to an invalid span context when
 * they carry attributes or trace state), but any other length means the sender is broken.
 */
export function linkIdsProblem(index: number, traceId: string, spanId: string): string {
  if (traceId.length !== 0 && traceId.length !== 32) {
    return `links[${index}].trace_id must be empty or 16 bytes, got ${traceId.length / 2}`;
  }
  if (spanId.length !== 0 && spanId.length !== 16) {
    return `links[${index}].span_id must be empty or 8 bytes, got ${spanId.length / 2}`;
  }
  return '';
}

function lengthProblem(field: string, bytes: number, hex: string): string {
  return hex.length === 0 ? `${field} is missing` : `${field} must be ${bytes} bytes, got ${hex.length / 2}`;
}

/** Why a duration (end − start, ns) cannot be stored, or ''. */
export function durationProblem(duration: number): string {
  if (duration < 0) return 'end_time_unix_nano is before start_time_unix_nano';
  // Duration is a JS number; beyond 2^53 ns (~104 days) it would no longer be exact.
  if (duration > Number.MAX_SAFE_INTEGER) return 'span lasts longer than 2^53 ns';
  return '';
}

export function spanPath(resourceIndex: number, scopeIndex: number, spanIndex: number): string {
  return `resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}].spans[${spanIndex}]`;
}
