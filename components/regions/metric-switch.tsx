'use client';

import { METRICS, type HeatmapMetric } from './heatmap-spec';

/** Which metric both heatmaps are coloured by; the choice lives in the URL. */
export function MetricSwitch({ value, onChange }: { value: HeatmapMetric; onChange: (m: HeatmapMetric) => void }) {
  return (
    <div role="group" aria-label="Heatmap metric" style={{ display: 'flex', gap: 4 }}>
      {METRICS.map((m) => (
        <button key={m.id} type="button" className="btn" aria-pressed={m.id === value} onClick={() => onChange(m.id)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}
