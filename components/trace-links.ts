import { hrefWith, type ParamValue } from './url-state';

/** Filters of the /traces page, as URL parameters (the same names traces.search takes). */
export type TraceFilters = {
  from: string;
  to: string;
  service?: string;
  operation?: string;
  kind?: string;
  peerService?: string;
  region?: string;
  az?: string;
  version?: string;
  status?: 'error' | 'ok';
  minDurationMs?: number;
  rootOnly?: boolean;
  refresh?: string;
};

/** Drill-down from a number to the raw spans behind it. */
export function tracesHref(filters: TraceFilters): string {
  return hrefWith('/traces', filters);
}

export function traceHref(traceId: string, params: { spanId?: string; from?: string; to?: string } = {}): string {
  return hrefWith(`/traces/${encodeURIComponent(traceId)}`, { span: params.spanId, from: params.from, to: params.to });
}

export function serviceHref(service: string, params: Record<string, ParamValue>): string {
  return hrefWith(`/services/${encodeURIComponent(service)}`, params);
}
