'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { RouterOutputs } from '../api-types';
import { serviceHref } from '../trace-links';
import { buildHeatmapSpec, METRICS, unsetLabel, type HeatmapMetric } from './heatmap-spec';
import { LazyHeatmap } from './lazy-heatmap';

type Heatmap = RouterOutputs['regions']['heatmap'];

/** Region × service; a click opens the service filtered to that region. */
export function RegionHeatmap({ data, metric, carried }: { data: Heatmap; metric: HeatmapMetric; carried: Record<string, string> }) {
  const router = useRouter();
  const spec = useMemo(() => {
    const slos = new Map(data.slos.map((s) => [s.service, s]));
    return buildHeatmapSpec({
      metric,
      rows: data.rows,
      columns: data.columns,
      cells: data.cells,
      columnLabel: (c) => unsetLabel(String(c)),
      names: ['service', 'region'],
      showValues: data.columns.length <= 8,
      extra: (c) => {
        const slo = slos.get(c.row);
        return slo ? [['SLO', `${slo.sloId} (${slo.sli}, ${(slo.objective * 100).toPrecision(4)} %)`]] : [];
      },
    });
  }, [data, metric]);
  const label = METRICS.find((m) => m.id === metric)?.legend ?? metric;
  return (
    <>
      <LazyHeatmap
        spec={spec}
        height={Math.max(200, 70 + data.rows.length * 26)}
        ariaLabel={`Region by service heatmap of ${label}`}
        onCellClick={(x, y) => {
          const service = data.rows[y];
          const region = data.columns[x];
          if (service !== undefined && region !== undefined) router.push(serviceHref(service, { ...carried, region: region || undefined }));
        }}
      />
      <p className="muted" style={{ margin: '4px 0 0', fontSize: 12 }}>
        Colour: {label}; brighter is worse, an empty cell had no requests. Click a cell to open the service in that region.
      </p>
    </>
  );
}
