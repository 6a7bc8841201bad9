'use client';

import dynamic from 'next/dynamic';

/** ECharts loads only on pages that draw a chart, after the page itself is interactive. */
export const LazyChart = dynamic(() => import('./chart').then((m) => m.Chart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 180 }} aria-busy="true" aria-label="Loading chart" />,
});
