'use client';

import dynamic from 'next/dynamic';

/** ECharts loads only when a heatmap is drawn, after the page itself is interactive. */
export const LazyHeatmap = dynamic(() => import('./heatmap-chart').then((m) => m.HeatmapChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 240 }} aria-busy="true" aria-label="Loading chart" />,
});
