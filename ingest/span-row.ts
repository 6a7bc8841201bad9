/** OpenTelemetry span kinds as the Collector's ClickHouse exporter writes them. */
export type SpanKindName = 'Unspecified' | 'Internal' | 'Server' | 'Client' | 'Producer' | 'Consumer';
export type StatusCodeName = 'Unset' | 'Ok' | 'Error';

/**
 * One row of `otel_traces`, shaped for JSONEachRow inserts. Attribute values are flattened to
 * strings the way the Collector's exporter does (arrays and maps as JSON), so the table can be
 * shared with an existing collector pipeline.
 */
export interface SpanRow {
  /** Unix seconds with a nine-digit fraction, e.g. "1795300000.123456789" (exact to the ns). */
  Timestamp: string;
  /** 32 lowercase hex characters. */
  TraceId: string;
  /** 16 lowercase hex characters. */
  SpanId: string;
  /** 16 lowercase hex characters, or '' for a root span. */
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: SpanKindName;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  /** Nanoseconds. */
  Duration: number;
  StatusCode: StatusCodeName;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': Record<string, string>[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': Record<string, string>[];
  /** Hash of the export request the span came in (Sightline's own column; see migration 0010). */
  IngestRequest?: string;
}

/** What a decoder made of one export request. */
export interface DecodedSpans {
  rows: SpanRow[];
  /** Spans that were rejected (invalid ids, end before start, ...). */
  rejected: number;
  /** Human-readable reasons for the rejected spans, at most a handful. */
  errors: string[];
}
