/**
 * Keyset cursor for newest-first span paging: the (Timestamp ns, TraceId, SpanId) of the last row
 * shown. Keyset rather than OFFSET so pages stay stable while new spans keep arriving.
 */
export interface SpanCursor {
  tsNs: string;
  traceId: string;
  spanId: string;
}

export function encodeCursor(cursor: SpanCursor): string {
  return Buffer.from(`${cursor.tsNs}:${cursor.traceId}:${cursor.spanId}`, 'utf8').toString('base64url');
}

/** undefined for anything that is not a cursor this server produced. */
export function decodeCursor(text: string): SpanCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{1,20}):([0-9a-f]{32}):([0-9a-f]{16})$/.exec(decoded);
  if (!match) return undefined;
  const [, tsNs, traceId, spanId] = match;
  if (tsNs === undefined || traceId === undefined || spanId === undefined) return undefined;
  return { tsNs, traceId, spanId };
}
