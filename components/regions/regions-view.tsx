'use client';

import { skipToken, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import type { RouterOutputs } from '../api-types';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange, useUpdateParams } from '../url-state';
import { AzTimeline } from './az-timeline-panel';
import { CrossAzTable } from './cross-az-table';
import { isMetric, type HeatmapMetric } from './heatmap-spec';
import { MetricSwitch } from './metric-switch';
import { RegionHeatmap } from './region-heatmap-panel';
import { UnitViolationsPanel } from './unit-violations-panel';

type Heatmap = RouterOutputs['regions']['heatmap'];

function Panel({ title, hint, tools, children }: { title: string; hint?: string; tools?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {tools}
        {hint && <span className="hint">{hint}</span>}
      </div>
      {children}
    </section>
  );
}

/** The AZ timeline opens on the service of the hottest cell until the user picks one. */
function hottestService(h: Heatmap | undefined): string | undefined {
  let best: Heatmap['cells'][number] | undefined;
  for (const c of h?.cells ?? []) if (c.value !== null && (best === undefined || c.value > (best.value ?? -Infinity))) best = c;
  return best?.row ?? h?.rows[0];
}

export function RegionsView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const update = useUpdateParams();
  const live = useLiveOptions();
  const sp = useSearchParams();
  const rawMetric = sp.get('metric');
  const metric: HeatmapMetric = isMetric(rawMetric) ? rawMetric : 'p95';
  const heatmap = useQuery(trpc.regions.heatmap.queryOptions({ ...range, metric }, live));
  const service = sp.get('service') || hottestService(heatmap.data);
  const timeline = useQuery(trpc.regions.azTimeline.queryOptions(service ? { ...range, service, metric } : skipToken, live));
  const crossAz = useQuery(trpc.regions.crossAz.queryOptions(range, live));
  const units = useQuery(trpc.regions.unitViolations.queryOptions(range, live));

  return (
    <>
      <div className="page-head">
        <h1>Regions</h1>
        <span className="muted">Which region, availability zone or unit is sick: heatmaps from the 1-minute rollup, cross-AZ calls and unit routing from the spans</span>
      </div>
      <Panel title="Region × service" tools={<MetricSwitch value={metric} onChange={(m) => update({ metric: m === 'p95' ? null : m })} />} hint="requests are SERVER spans">
        <div className="panel-body">
          <QueryState query={heatmap} height={300} isEmpty={(d) => d.cells.length === 0} empty="No service served requests in this time range.">
            {(d) => <RegionHeatmap data={d} metric={metric} carried={carried} />}
          </QueryState>
        </div>
      </Panel>
      <Panel
        title="AZ × time"
        tools={
          <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
            Service
            <select className="select" value={service ?? ''} onChange={(e) => update({ service: e.target.value || null })} aria-label="Service of the AZ heatmap">
              {!service && <option value="">–</option>}
              {[...new Set([...(heatmap.data?.rows ?? []), ...(service ? [service] : [])])].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        }
        hint={sp.get('service') ? undefined : 'showing the service of the hottest cell above'}
      >
        <div className="panel-body">
          {service ? (
            <QueryState query={timeline} height={240} isEmpty={(d) => d.cells.length === 0} empty={`${service} served no requests in this time range.`}>
              {(d) => <AzTimeline data={d} metric={metric} />}
            </QueryState>
          ) : (
            <QueryState query={heatmap} height={240}>
              {() => <div className="state">No service to show.</div>}
            </QueryState>
          )}
        </div>
      </Panel>
      <Panel title="Cross-AZ traffic" hint="client span AZ ≠ child server span AZ · highest share first">
        <QueryState query={crossAz} height={200} isEmpty={(d) => d.edges.length === 0} empty="No calls between services with known AZs in this time range.">
          {(d) => <CrossAzTable edges={d.edges} range={range} carried={carried} />}
        </QueryState>
      </Panel>
      <Panel title="Unit routing" hint="x_unit_id served outside the region whose resources report that sightline.unit">
        <QueryState query={units} height={160}>
          {(d) => <UnitViolationsPanel data={d} range={range} />}
        </QueryState>
      </Panel>
    </>
  );
}
