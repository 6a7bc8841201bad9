'use client';

import { HeatmapChart as EHeatmap } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { format, init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useThemeColors, type ThemeColors } from '../chart-theme';
import { HEAT_COLORS, formatMetric, tooltipHtml, type HeatmapSpec } from './heatmap-spec';

use([EHeatmap, GridComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

/** Long service names and AZs stay readable without eating the plot. */
const MAX_LABEL = 28;
const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function heatmapOption(spec: HeatmapSpec, theme: ThemeColors): EChartsCoreOption {
  const axis = (labels: string[]) => ({
    type: 'category',
    data: labels,
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { show: false },
    axisLabel: { color: theme.muted, hideOverlap: true, formatter: clip },
    splitArea: { show: false },
  });
  return {
    animation: false,
    textStyle: { color: theme.text, fontFamily: 'inherit' },
    grid: { left: 8, right: 16, top: 8, bottom: 48, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'item',
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontSize: 12 },
      formatter: (p: { dataIndex?: number }) => {
        const tip = p.dataIndex === undefined ? undefined : spec.tooltips[p.dataIndex];
        return tip ? tooltipHtml(tip, format.encodeHTML) : '';
      },
    },
    xAxis: axis(spec.xLabels),
    yAxis: { ...axis(spec.yLabels), inverse: true },
    visualMap: {
      type: 'continuous',
      min: spec.min,
      max: spec.max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 220,
      itemWidth: 10,
      inRange: { color: [...HEAT_COLORS] },
      textStyle: { color: theme.muted },
      formatter: (v: number) => formatMetric(spec.metric, v),
    },
    series: [
      {
        type: 'heatmap',
        data: spec.data,
        itemStyle: { borderColor: theme.panel, borderWidth: 1 },
        label: {
          show: spec.showValues,
          fontSize: 11,
          // Light text with a dark outline stays legible on both ends of the scale.
          color: '#fff',
          textBorderColor: 'rgba(0, 0, 0, 0.7)',
          textBorderWidth: 2,
          formatter: (p: { value?: unknown }) => (Array.isArray(p.value) && typeof p.value[2] === 'number' ? formatMetric(spec.metric, p.value[2]) : ''),
        },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 2 } },
      },
    ],
  };
}

interface Props {
  spec: HeatmapSpec;
  height: number;
  ariaLabel: string;
  /** Called with the cell's [x index, y index] when a cell is clicked (drill-down). */
  onCellClick?: (x: number, y: number) => void;
}

/**
 * A heatmap on two category axes with a colour legend: created on mount, resized with its
 * container, disposed on unmount, updated in place when data or theme change.
 */
export function HeatmapChart({ spec, height, ariaLabel, onCellClick }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onCellClick);
  const theme = useThemeColors();
  clickRef.current = onCellClick;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    instance.on('click', (p: { value?: unknown }) => {
      if (Array.isArray(p.value) && typeof p.value[0] === 'number' && typeof p.value[1] === 'number') clickRef.current?.(p.value[0], p.value[1]);
    });
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (chart.current && theme) chart.current.setOption(heatmapOption(spec, theme), { notMerge: true, lazyUpdate: true });
  }, [spec, theme]);

  return <div ref={el} className="chart" style={{ height, cursor: onCellClick ? 'pointer' : undefined }} role="img" aria-label={ariaLabel} />;
}
