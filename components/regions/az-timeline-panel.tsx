'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { RouterOutputs } from '../api-types';
import { tracesHref } from '../trace-links';
import { buildHeatmapSpec, METRICS, type HeatmapMetric } from './heatmap-spec';
import { LazyHeatmap } from './lazy-heatmap';

type Timeline = RouterOutputs['regions']['azTimeline'];

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** AZ × time for one service; a click opens that AZ's spans of that bucket. */
export function AzTimeline({ data, metric }: { data: Timeline; metric: HeatmapMetric }) {
  const router = useRouter();
  const spec = useMemo(() => {
    const fmt = data.window.seconds > 86_400 ? day : clock;
    return buildHeatmapSpec({
      metric,
      rows: data.rows,
      columns: data.columns,
      cells: data.cells,
      columnLabel: (c) => fmt.format(Number(c)),
      names: ['AZ', data.bucketSeconds >= 3600 ? `${data.bucketSeconds / 3600} h from` : `${data.bucketSeconds / 60} min from`],
      extra: () => [['SLO', `${data.slo.sloId} (${(data.slo.objective * 100).toPrecision(4)} %)`]],
    });
  }, [data, metric]);
  const label = METRICS.find((m) => m.id === metric)?.legend ?? metric;
  return (
    <>
      <LazyHeatmap
        spec={spec}
        height={Math.max(180, 80 + data.rows.length * 28)}
        ariaLabel={`AZ by time heatmap of ${label} for ${data.service}`}
        onCellClick={(x, y) => {
          const t = data.columns[x];
          const az = data.rows[y];
          if (t === undefined || az === undefined) return;
          router.push(
            tracesHref({ service: data.service, kind: 'Server', region: data.regionOfAz[az] || undefined, az: az || undefined, from: String(t), to: String(t + data.bucketSeconds * 1000) }),
          );
        }}
      />
      <p className="muted" style={{ margin: '4px 0 0', fontSize: 12 }}>
        Colour: {label} per {data.bucketSeconds >= 3600 ? `${data.bucketSeconds / 3600} h` : `${data.bucketSeconds / 60} min`}; click a cell for its spans.
      </p>
    </>
  );
}
