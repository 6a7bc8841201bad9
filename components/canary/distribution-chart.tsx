'use client';

import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useThemeColors } from '../chart-theme';
import { distributionOption, type DistributionSpec } from './distribution-spec';

use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** Overlaid latency distributions; created on mount, resized with its container, disposed on unmount. */
export function DistributionChart({ spec, height = 220, ariaLabel }: { spec: DistributionSpec; height?: number; ariaLabel: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const theme = useThemeColors();

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (chart.current && theme) chart.current.setOption(distributionOption(spec, theme), { notMerge: true, lazyUpdate: true });
  }, [spec, theme]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={ariaLabel} />;
}
