'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { TimeSeriesSpec } from '../chart-spec';
import { LazyChart } from '../lazy-chart';
import { tracesHref } from '../trace-links';
import type { BurnWindow, SloDetail } from './slo-format';

type Points = Array<[number, number | null]>;

function specs(d: SloDetail) {
  const base = { kind: 'time-series' as const, xMin: d.range.fromMs, xMax: d.range.toMs, yMin: 'auto' as const };
  const at = (value: (p: SloDetail['history'][number]) => number | null): Points => d.history.map((p) => [p.t, value(p)]);
  const burn = (w: BurnWindow) => ({ name: w, points: at((p) => p.burnRates[w]) });
  const threshold = (i: number, label: string) => ({ name: label, dashed: true, points: at((p) => p.thresholds[i] ?? null) });
  const [page1, page2, ticket] = d.alertRules;
  const bucket = d.bucketSeconds >= 3600 ? `${d.bucketSeconds / 3600} h` : `${d.bucketSeconds / 60} min`;
  const sli: TimeSeriesSpec = {
    ...base,
    unit: 'precisePercent',
    series: [
      { name: `per ${bucket}`, points: at((p) => p.sliBucket) },
      { name: d.window.label, points: at((p) => p.sliWindow) },
      { name: 'objective', dashed: true, points: at(() => d.objective) },
    ],
  };
  const budget: TimeSeriesSpec = {
    ...base,
    unit: 'percent',
    series: [
      { name: 'budget remaining', area: true, points: at((p) => p.budgetRemaining) },
      { name: 'exhausted', dashed: true, points: at(() => 0) },
    ],
  };
  const fast: TimeSeriesSpec = {
    ...base,
    yMin: 0,
    unit: 'multiple',
    series: [
      burn('5m'),
      burn('30m'),
      burn('1h'),
      burn('6h'),
      threshold(0, `page ${page1?.long}+${page1?.short}`),
      threshold(1, `page ${page2?.long}+${page2?.short}`),
    ],
  };
  const slow: TimeSeriesSpec = {
    ...base,
    yMin: 0,
    unit: 'multiple',
    series: [burn('6h'), burn('1d'), burn('3d'), threshold(2, `ticket ${ticket?.long}+${ticket?.short}`)],
  };
  return { sli, budget, fast, slow, bucket };
}

/** SLI, budget burn-down and burn rates with the alert thresholds; a click opens that bucket's bad spans. */
export function SloCharts({ detail, refresh }: { detail: SloDetail; refresh?: string }) {
  const router = useRouter();
  const s = useMemo(() => specs(detail), [detail]);
  const bucketMs = detail.bucketSeconds * 1000;
  const drill = (t: number) => router.push(tracesHref({ ...detail.badSpans, from: String(t - bucketMs), to: String(t), refresh }));
  const panel = (title: string, hint: string, spec: TimeSeriesSpec, label: string) => (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        <span className="hint">{hint}</span>
      </div>
      <div className="panel-body">
        <LazyChart spec={spec} height={200} ariaLabel={label} onTimeClick={drill} />
      </div>
    </section>
  );
  return (
    <div className="grid-2">
      {panel('SLI over time', 'click for the bad spans', s.sli, `SLI of ${detail.displayName} per ${s.bucket} and over its window, with the objective`)}
      {panel('Error budget remaining', detail.window.label, s.budget, `Error budget remaining of ${detail.displayName}`)}
      {panel('Fast burn (pages)', 'burn rate × budget pace; dashed: page thresholds', s.fast, `Burn rates over 5m, 30m, 1h and 6h of ${detail.displayName} with the page thresholds`)}
      {panel('Slow burn (tickets)', 'dashed: ticket threshold', s.slow, `Burn rates over 6h, 1d and 3d of ${detail.displayName} with the ticket threshold`)}
    </div>
  );
}
