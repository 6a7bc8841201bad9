/** Span conditions of the observability dimension (SPEC §5.6); migration 0011 rolls the same ones up per minute. */

/** Rollup rows of the whole minutes in [from, to) (epoch ms). */
export const ROLLUP_MINUTES = `Minute >= toDateTime(intDiv({from:Int64}, 1000)) AND Minute < toDateTime(intDiv({to:Int64}, 1000))`;

/** A SERVER span misses its operation; any span misses service.version / cloud.region on its resource. */
export const MISSING_ATTRIBUTES = `(ResourceAttributes['service.version'] = '' OR ResourceAttributes['cloud.region'] = ''
  OR (SpanKind = 'Server' AND SpanAttributes['http.route'] = '' AND SpanAttributes['rpc.method'] = ''))`;
export const BARE_ERROR = `(StatusCode = 'Error' AND StatusMessage = '' AND NOT has(Events.Name, 'exception'))`;
export const SPANS_IN_WINDOW = `Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`;
/**
 * A SERVER span whose parent is not among the trace's spans (looked for an hour either side):
 * context propagation broke on the way in. Hashes keep the lookup set small.
 */
export const ORPHAN_SERVER_SPAN = `(SpanKind = 'Server' AND ParentSpanId != ''
  AND cityHash64(TraceId, ParentSpanId) NOT IN (
    SELECT cityHash64(TraceId, SpanId) FROM otel_traces
    WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) - INTERVAL 1 HOUR
      AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) + INTERVAL 1 HOUR))`;
