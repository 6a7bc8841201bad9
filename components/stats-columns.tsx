import { DataLink } from './data-link';
import type { Column } from './data-table';
import { formatCount, formatMs, formatPercent, formatRate } from './format';
import { tracesHref, type TraceFilters } from './trace-links';

export interface CallStatsRow {
  calls: number;
  errors: number;
  rps: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * Calls, rate, error rate and latency percentiles, each linking to the spans it was computed
 * from (`spans(row)` gives the filters that select them).
 */
export function statsColumns<Row extends CallStatsRow>(spans: (row: Row) => TraceFilters, opts: { calls?: boolean } = {}): Column<Row>[] {
  const latency = (key: 'p50Ms' | 'p95Ms' | 'p99Ms', label: string): Column<Row> => ({
    key,
    header: label,
    numeric: true,
    sortValue: (r) => r[key],
    title: `${label} latency; links to spans at least this slow`,
    render: (r) => {
      const v = r[key];
      return v === null ? '–' : <DataLink href={tracesHref({ ...spans(r), minDurationMs: Math.floor(v) })}>{formatMs(v)}</DataLink>;
    },
  });
  const columns: Column<Row>[] = [
    {
      key: 'rps',
      header: 'Req/s',
      numeric: true,
      sortValue: (r) => r.rps,
      render: (r) => (
        <DataLink href={tracesHref(spans(r))} title={`${r.calls} requests`}>
          {formatRate(r.rps)}
        </DataLink>
      ),
    },
    {
      key: 'errorRate',
      header: 'Error rate',
      numeric: true,
      sortValue: (r) => r.errorRate,
      render: (r) => (
        <DataLink href={tracesHref({ ...spans(r), status: 'error' })} className={r.errors > 0 ? 'bad' : undefined} title={`${r.errors} of ${r.calls} bad`}>
          {formatPercent(r.errorRate)}
        </DataLink>
      ),
    },
    latency('p50Ms', 'p50'),
    latency('p95Ms', 'p95'),
    latency('p99Ms', 'p99'),
  ];
  if (opts.calls) {
    columns.unshift({ key: 'calls', header: 'Calls', numeric: true, sortValue: (r) => r.calls, render: (r) => formatCount(r.calls) });
  }
  return columns;
}
