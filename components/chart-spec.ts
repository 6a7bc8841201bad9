/**
 * What a page asks a chart to draw: plain data, no ECharts types, so pages can describe charts
 * without pulling the chart library into their bundle (it loads lazily with components/chart.tsx).
 */
export type ValueUnit = 'rps' | 'percent' | 'ms' | 'perSecond';

export interface TimeSeriesSpec {
  kind: 'time-series';
  unit: ValueUnit;
  /** Axis bounds, epoch ms: the whole requested range even where there is no data. */
  xMin: number;
  xMax: number;
  series: Array<{
    name: string;
    /** [epoch ms, value]; null leaves a gap (no data), which is not the same as 0. */
    points: Array<[number, number | null]>;
    area?: boolean;
  }>;
}

export type ChartSpec = TimeSeriesSpec;
