'use client';

import { GraphChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { format, init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartSpec, TimeSeriesSpec, ValueUnit } from './chart-spec';
import { useThemeColors, type ThemeColors } from './chart-theme';
import { graphOption } from './circuits/graph-option';
import { formatMs, formatMultiple, formatPercent, formatPercentPrecise, formatRate, formatTime } from './format';

use([LineChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

// Re-exported for chart kinds that import them from here.
export { useThemeColors, type ThemeColors } from './chart-theme';

function formatValue(unit: ValueUnit, v: number): string {
  if (unit === 'percent') return formatPercent(v);
  if (unit === 'precisePercent') return formatPercentPrecise(v);
  if (unit === 'multiple') return formatMultiple(v);
  if (unit === 'ms') return formatMs(v);
  if (unit === 'score') return String(Math.round(v * 10) / 10);
  return `${formatRate(v)}/s`;
}

/** Every piece of text in the tooltip that comes from data goes through encodeHTML. */
function tooltipHtml(unit: ValueUnit, colors: string[], params: unknown): string {
  const items = (Array.isArray(params) ? params : [params]) as Array<{ seriesName?: string; seriesIndex?: number; value?: unknown }>;
  const first = items[0]?.value;
  const t = Array.isArray(first) ? Number(first[0]) : NaN;
  const rows = items.map((p) => {
    const v = Array.isArray(p.value) ? p.value[1] : null;
    const color = format.encodeHTML(colors[(p.seriesIndex ?? 0) % colors.length] ?? '');
    const value = typeof v === 'number' ? formatValue(unit, v) : 'no data';
    return `<div><span style="display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px;background:${color}"></span>${format.encodeHTML(p.seriesName ?? '')}: <b>${format.encodeHTML(value)}</b></div>`;
  });
  const head = Number.isFinite(t) ? `<div style="opacity:.7;margin-bottom:2px">${format.encodeHTML(formatTime(t))}</div>` : '';
  return head + rows.join('');
}

function timeSeriesOption(spec: TimeSeriesSpec, theme: ThemeColors): EChartsCoreOption {
  const palette = theme.series;
  return {
    animation: false,
    color: palette,
    textStyle: { color: theme.text, fontFamily: 'inherit' },
    grid: { left: 8, right: 12, top: spec.series.length > 1 ? 28 : 12, bottom: 4, containLabel: true },
    legend: spec.series.length > 1 ? { top: 0, left: 0, textStyle: { color: theme.muted }, itemHeight: 8, itemWidth: 14 } : undefined,
    tooltip: {
      trigger: 'axis',
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontSize: 12 },
      formatter: (params: unknown) => tooltipHtml(spec.unit, palette, params),
    },
    xAxis: {
      type: 'time',
      min: spec.xMin,
      max: spec.xMax,
      axisLine: { lineStyle: { color: theme.border } },
      axisLabel: { color: theme.muted, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: spec.yMin === 'auto' ? undefined : (spec.yMin ?? 0),
      scale: spec.yMin === 'auto',
      axisLabel: { color: theme.muted, formatter: (v: number) => formatValue(spec.unit, v) },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: spec.series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.points,
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: s.dashed ? 1 : 1.5, type: s.dashed ? 'dashed' : 'solid' },
      areaStyle: s.area ? { opacity: 0.15 } : undefined,
    })),
  };
}

interface Props {
  spec: ChartSpec;
  height?: number;
  ariaLabel: string;
  /** Called with the time of the nearest point when the plot area is clicked (drill-down). */
  onTimeClick?: (t: number) => void;
  /** Called with the id of a clicked graph node or edge. */
  onItemClick?: (id: string) => void;
}

/**
 * The one ECharts wrapper: tree-shaken core with only the line chart registered, created on
 * mount, resized with its container, disposed on unmount, updated in place when data or theme
 * change.
 */
export function Chart({ spec, height = 180, ariaLabel, onTimeClick, onItemClick }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onTimeClick);
  const itemClickRef = useRef(onItemClick);
  const specRef = useRef(spec);
  const theme = useThemeColors();
  clickRef.current = onTimeClick;
  itemClickRef.current = onItemClick;
  specRef.current = spec;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    instance.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      const handler = clickRef.current;
      const current = specRef.current;
      if (!handler || current.kind !== 'time-series' || !instance.containPixel('grid', [e.offsetX, e.offsetY])) return;
      const [x] = instance.convertFromPixel({ xAxisIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
      const points = current.series[0]?.points ?? [];
      let nearest: number | undefined;
      for (const [t] of points) if (x !== undefined && (nearest === undefined || Math.abs(t - x) < Math.abs(nearest - x))) nearest = t;
      if (nearest !== undefined) handler(nearest);
    });
    instance.on('click', (p: { data?: unknown }) => {
      const id = (p.data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') itemClickRef.current?.(id);
    });
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current || !theme) return;
    const option = spec.kind === 'graph' ? graphOption(spec, theme) : timeSeriesOption(spec, theme);
    chart.current.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [spec, theme]);

  return (
    <div
      ref={el}
      className="chart"
      style={{ height, cursor: onTimeClick || onItemClick ? 'pointer' : undefined }}
      role="img"
      aria-label={ariaLabel}
    />
  );
}
