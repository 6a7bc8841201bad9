/** What prom-client's `registry.getMetricsAsJSON()` returns, reduced to the fields read here. */
export interface PromMetric {
  name: string;
  values: Array<{ value: number; labels: Record<string, string | number | undefined>; metricName?: string }>;
}

export interface HistogramSummary {
  count: number;
  sum: number;
  /** Cumulative counts per finite upper bound, ascending; the +Inf bucket is `count`. */
  buckets: Array<{ le: number; count: number }>;
}

/**
 * Prometheus `histogram_quantile`: linear interpolation inside the bucket holding the rank,
 * the highest finite bound when the rank lands in +Inf, null without observations.
 */
export function histogramQuantile(q: number, h: HistogramSummary): number | null {
  if (h.count === 0) return null;
  const rank = q * h.count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      const inBucket = b.count - lowerCount;
      return inBucket === 0 ? b.le : lowerBound + ((b.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return h.buckets.at(-1)?.le ?? null;
}

function labelOf(labels: Record<string, string | number | undefined>, name: string): string {
  const v = labels[name];
  return v === undefined ? '' : String(v);
}

/** Sums a counter or gauge by one label (other labels are added up). */
export function sumBy(metrics: PromMetric[], name: string, label: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of metrics.find((m) => m.name === name)?.values ?? []) {
    const key = labelOf(v.labels, label);
    out.set(key, (out.get(key) ?? 0) + v.value);
  }
  return out;
}

/** A histogram split by one label, buckets of the other label values merged. */
export function histogramBy(metrics: PromMetric[], name: string, label: string): Map<string, HistogramSummary> {
  const out = new Map<string, HistogramSummary>();
  const get = (key: string) => {
    let h = out.get(key);
    if (!h) out.set(key, (h = { count: 0, sum: 0, buckets: [] }));
    return h;
  };
  for (const v of metrics.find((m) => m.name === name)?.values ?? []) {
    const h = get(labelOf(v.labels, label));
    if (v.metricName === `${name}_count`) h.count += v.value;
    else if (v.metricName === `${name}_sum`) h.sum += v.value;
    else if (v.metricName === `${name}_bucket` && v.labels.le !== '+Inf') {
      const le = Number(v.labels.le);
      const bucket = h.buckets.find((b) => b.le === le);
      if (bucket) bucket.count += v.value;
      else h.buckets.push({ le, count: v.value });
    }
  }
  for (const h of out.values()) h.buckets.sort((a, b) => a.le - b.le);
  return out;
}

export interface LatencyRow {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

function latency(h: HistogramSummary): LatencyRow {
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  return {
    count: h.count,
    meanMs: h.count > 0 ? (h.sum / h.count) * 1000 : null,
    p50Ms: ms(histogramQuantile(0.5, h)),
    p95Ms: ms(histogramQuantile(0.95, h)),
  };
}

export interface IngestSnapshot {
  endpoints: Array<{ endpoint: string; received: number; accepted: number; rejected: number; retried: number }>;
  requests: Array<{ endpoint: string; status: string; count: number }>;
  rejectedByReason: Array<{ reason: string; count: number }>;
  queue: Array<{ table: string; rows: number }>;
  batches: Array<{ table: string; inserts: number; rows: number; meanRows: number | null; p50Rows: number | null; p95Rows: number | null }>;
  inserts: Array<LatencyRow & { table: string }>;
  acks: Array<LatencyRow & { endpoint: string }>;
  queries: Array<LatencyRow & { procedure: string }>;
}

const byName =
  <K extends string>(key: K) =>
  (a: Record<K, string>, b: Record<K, string>) =>
    a[key].localeCompare(b[key]);

/**
 * Sightline's own ingest and query counters, as this process counted them since it started
 * (names from server/metrics.ts).
 */
export function ingestSnapshot(metrics: PromMetric[]): IngestSnapshot {
  const received = sumBy(metrics, 'sightline_ingest_received_items_total', 'endpoint');
  const accepted = sumBy(metrics, 'sightline_ingest_accepted_items_total', 'endpoint');
  const rejected = sumBy(metrics, 'sightline_ingest_rejected_items_total', 'endpoint');
  const retried = sumBy(metrics, 'sightline_ingest_retried_requests_total', 'endpoint');
  const endpointNames = new Set([...received.keys(), ...accepted.keys(), ...rejected.keys(), ...retried.keys()]);
  const requests = (metrics.find((m) => m.name === 'sightline_ingest_requests_total')?.values ?? []).map((v) => ({
    endpoint: labelOf(v.labels, 'endpoint'),
    status: labelOf(v.labels, 'status'),
    count: v.value,
  }));
  const batches = [...histogramBy(metrics, 'sightline_ingest_batch_rows', 'table')].map(([table, h]) => ({
    table,
    inserts: h.count,
    rows: h.sum,
    meanRows: h.count > 0 ? h.sum / h.count : null,
    p50Rows: histogramQuantile(0.5, h),
    p95Rows: histogramQuantile(0.95, h),
  }));
  return {
    endpoints: [...endpointNames].sort().map((endpoint) => ({
      endpoint,
      received: received.get(endpoint) ?? 0,
      accepted: accepted.get(endpoint) ?? 0,
      rejected: rejected.get(endpoint) ?? 0,
      retried: retried.get(endpoint) ?? 0,
    })),
    requests: requests.sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.status.localeCompare(b.status)),
    rejectedByReason: [...sumBy(metrics, 'sightline_ingest_rejected_items_total', 'reason')]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
    queue: [...sumBy(metrics, 'sightline_ingest_queue_rows', 'table')].map(([table, rows]) => ({ table, rows })).sort(byName('table')),
    batches: batches.sort(byName('table')),
    inserts: [...histogramBy(metrics, 'sightline_ingest_insert_seconds', 'table')]
      .map(([table, h]) => ({ table, ...latency(h) }))
      .sort(byName('table')),
    acks: [...histogramBy(metrics, 'sightline_ingest_ack_seconds', 'endpoint')]
      .map(([endpoint, h]) => ({ endpoint, ...latency(h) }))
      .sort(byName('endpoint')),
    queries: [...histogramBy(metrics, 'sightline_query_seconds', 'procedure')]
      .map(([procedure, h]) => ({ procedure, ...latency(h) }))
      .sort(byName('procedure')),
  };
}
