'use client';

import dynamic from 'next/dynamic';

/** ECharts loads only when a distribution is drawn, after the page itself is interactive. */
export const LazyDistribution = dynamic(() => import('./distribution-chart').then((m) => m.DistributionChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 220 }} aria-busy="true" aria-label="Loading chart" />,
});
