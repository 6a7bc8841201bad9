import type { SpanKindName, SpanRow, StatusCodeName } from '../span-row';
import type { Attributes } from './attributes';

const SPAN_KIND_NAMES: readonly SpanKindName[] = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUS_CODE_NAMES: readonly StatusCodeName[] = ['Unset', 'Ok', 'Error'];

/** Proto3 enums are open: values this build does not know read as the zero value. */
export function spanKindName(kind: number): SpanKindName {
  return SPAN_KIND_NAMES[kind] ?? 'Unspecified';
}

export function statusCodeName(code: number): StatusCodeName {
  return STATUS_CODE_NAMES[code] ?? 'Unset';
}

/**
 * A row with every column at its default. Both decoders create rows only here, so all rows share
 * one object shape and the consumers' property accesses stay monomorphic. Rows of one resource
 * share its `ResourceAttributes` object: treat rows as read-only.
 */
export function newRow(serviceName: string, resourceAttributes: Attributes, scopeName: string, scopeVersion: string): SpanRow {
  return {
    Timestamp: '',
    TraceId: '',
    SpanId: '',
    ParentSpanId: '',
    TraceState: '',
    SpanName: '',
    SpanKind: 'Unspecified',
    ServiceName: serviceName,
    ResourceAttributes: resourceAttributes,
    ScopeName: scopeName,
    ScopeVersion: scopeVersion,
    SpanAttributes: {},
    Duration: 0,
    StatusCode: 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [],
    'Events.Name': [],
    'Events.Attributes': [],
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}
