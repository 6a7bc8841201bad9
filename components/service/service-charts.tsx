'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { RouterOutputs } from '../api-types';
import type { TimeSeriesSpec } from '../chart-spec';
import { LazyChart } from '../lazy-chart';
import { tracesHref } from '../trace-links';

type Detail = RouterOutputs['services']['get'];

function specs(d: Detail): Record<'rps' | 'errors' | 'latency', TimeSeriesSpec> {
  const base = { kind: 'time-series' as const, xMin: d.window.fromMs, xMax: d.window.toMs };
  return {
    rps: { ...base, unit: 'rps', series: [{ name: 'requests/s', area: true, points: d.series.map((p) => [p.t, p.rps]) }] },
    errors: { ...base, unit: 'percent', series: [{ name: 'error rate', area: true, points: d.series.map((p) => [p.t, p.errorRate]) }] },
    latency: {
      ...base,
      unit: 'ms',
      series: [
        { name: 'p50', points: d.series.map((p) => [p.t, p.p50Ms]) },
        { name: 'p95', points: d.series.map((p) => [p.t, p.p95Ms]) },
        { name: 'p99', points: d.series.map((p) => [p.t, p.p99Ms]) },
      ],
    },
  };
}

/** Rate, errors and latency over time; clicking a point opens that bucket's spans. */
export function ServiceCharts({ detail }: { detail: Detail }) {
  const router = useRouter();
  const s = useMemo(() => specs(detail), [detail]);
  const bucketMs = detail.bucketSeconds * 1000;
  const drill = (extra: { status?: 'error' }) => (t: number) =>
    router.push(tracesHref({ from: String(t), to: String(t + bucketMs), service: detail.service, kind: 'Server', ...extra }));
  const hasData = detail.series.some((p) => p.calls > 0);
  const bucket = detail.bucketSeconds >= 3600 ? `${detail.bucketSeconds / 3600} h` : `${detail.bucketSeconds / 60} min`;
  if (!hasData) return <div className="panel state">No requests to {detail.service} in this time range.</div>;
  return (
    <div className="grid-3">
      <section className="panel">
        <div className="panel-head">
          <h2>Requests/s</h2>
          <span className="hint">{bucket} buckets</span>
        </div>
        <div className="panel-body">
          <LazyChart spec={s.rps} ariaLabel={`Requests per second of ${detail.service}`} onTimeClick={drill({})} />
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Error rate</h2>
          <span className="hint">click for the bad spans</span>
        </div>
        <div className="panel-body">
          <LazyChart spec={s.errors} ariaLabel={`Error rate of ${detail.service}`} onTimeClick={drill({ status: 'error' })} />
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Latency</h2>
          <span className="hint">p50 / p95 / p99</span>
        </div>
        <div className="panel-body">
          <LazyChart spec={s.latency} ariaLabel={`Latency percentiles of ${detail.service}`} onTimeClick={drill({})} />
        </div>
      </section>
    </div>
  );
}
