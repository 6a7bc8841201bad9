import type { GraphSpec } from './circuits/graph-spec';

/**
 * What a page asks a chart to draw: plain data, no ECharts types, so pages can describe charts
 * without pulling the chart library into their bundle (it loads lazily with components/chart.tsx).
 */
/** `precisePercent`: SLIs, where 99.9 % and 99.94 % differ; `multiple`: burn rates (14.4×); `score`: 0–100 indices (tech debt). */
export type ValueUnit = 'rps' | 'percent' | 'ms' | 'perSecond' | 'precisePercent' | 'multiple' | 'score';

export interface TimeSeriesSpec {
  kind: 'time-series';
  unit: ValueUnit;
  /** Axis bounds, epoch ms: the whole requested range even where there is no data. */
  xMin: number;
  xMax: number;
  /** Lower end of the value axis: 0 unless given; 'auto' fits the data (SLIs near 100 %, negative budgets). */
  yMin?: number | 'auto';
  series: Array<{
    name: string;
    /** [epoch ms, value]; null leaves a gap (no data), which is not the same as 0. */
    points: Array<[number, number | null]>;
    area?: boolean;
    /** Reference lines (objectives, alert thresholds) are drawn dashed. */
    dashed?: boolean;
  }>;
}

export type ChartSpec = TimeSeriesSpec | GraphSpec;
