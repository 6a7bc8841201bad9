import { format, type EChartsCoreOption } from 'echarts/core';
import type { ThemeColors } from '../chart-theme';
import { formatMs, formatPercent } from '../format';

export interface DistributionSpec {
  /** Bin edges in ms (log-spaced), one more than each side's shares. */
  edgesMs: number[];
  canary: number[];
  baseline: number[];
  canaryLabel: string;
  baselineLabel: string;
}

/** The geometric centre of each log-spaced bin, where its share is plotted. */
export function binCentres(edgesMs: readonly number[]): number[] {
  return edgesMs.slice(1).map((hi, i) => Math.sqrt(hi * edgesMs[i]!));
}

/** Every piece of text in the tooltip that comes from data goes through encodeHTML. */
export function distributionTooltip(spec: DistributionSpec, index: number): string {
  const lo = spec.edgesMs[index];
  const hi = spec.edgesMs[index + 1];
  if (lo === undefined || hi === undefined) return '';
  const row = (name: string, v: number | undefined) => `<div>${format.encodeHTML(name)}: <b>${format.encodeHTML(formatPercent(v ?? 0))}</b></div>`;
  return `<div style="opacity:.7;margin-bottom:2px">${format.encodeHTML(`${formatMs(lo)} – ${formatMs(hi)}`)}</div>${row(spec.canaryLabel, spec.canary[index])}${row(spec.baselineLabel, spec.baseline[index])}`;
}

/** Both sides' latency distributions overlaid as shares of their sampled requests, on a log time axis. */
export function distributionOption(spec: DistributionSpec, theme: ThemeColors): EChartsCoreOption {
  const x = binCentres(spec.edgesMs);
  const [baselineColor, canaryColor] = [theme.series[0], theme.series[1]];
  const series = (name: string, shares: number[], color: string | undefined) => ({
    type: 'line',
    name,
    step: 'middle',
    data: shares.map((s, i) => [x[i], s]),
    showSymbol: false,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
    areaStyle: { opacity: 0.18, color },
  });
  return {
    animation: false,
    textStyle: { color: theme.text, fontFamily: 'inherit' },
    grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { color: theme.muted }, itemHeight: 8, itemWidth: 14 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontSize: 12 },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        return distributionTooltip(spec, first?.dataIndex ?? -1);
      },
    },
    xAxis: {
      type: 'log',
      min: spec.edgesMs[0],
      max: spec.edgesMs[spec.edgesMs.length - 1],
      axisLine: { lineStyle: { color: theme.border } },
      axisLabel: { color: theme.muted, hideOverlap: true, formatter: (v: number) => formatMs(v) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { color: theme.muted, formatter: (v: number) => formatPercent(v) },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: [series(spec.baselineLabel, spec.baseline, baselineColor), series(spec.canaryLabel, spec.canary, canaryColor)],
  };
}
