import { metricValue, type CellStats, type HeatmapMetric } from './heatmap-metric';

export interface HeatmapCell<C> extends CellStats {
  row: string;
  column: C;
  /** The chosen metric; null when the cell had no requests. */
  value: number | null;
}

export interface HeatmapGrid<C> {
  metric: HeatmapMetric;
  /** Category axis values, in display order. */
  rows: string[];
  columns: C[];
  /** Only cells with requests; a missing cell is "no data". */
  cells: Array<HeatmapCell<C>>;
  /** Range of the non-null values, for the colour scale; null when there are none. */
  min: number | null;
  max: number | null;
}

export interface GridEntry<C> {
  row: string;
  column: C;
  stats: CellStats;
}

/**
 * Lays cells out on two category axes. Rows and columns are every value seen (sorted), plus
 * any the caller insists on (every time bucket of the range, so quiet minutes show as gaps).
 */
export function buildGrid<C extends string | number>(
  entries: Array<GridEntry<C>>,
  metric: HeatmapMetric,
  axes: { rows?: string[]; columns?: C[] } = {},
): HeatmapGrid<C> {
  const live = entries.filter((e) => e.stats.calls > 0);
  const rows = [...new Set([...(axes.rows ?? []), ...live.map((e) => e.row)])].sort((a, b) => a.localeCompare(b));
  const columns = [...new Set([...(axes.columns ?? []), ...live.map((e) => e.column)])].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  const cells = live.map((e) => ({ row: e.row, column: e.column, ...e.stats, value: metricValue(e.stats, metric) }));
  const values = cells.map((c) => c.value).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    metric,
    rows,
    columns,
    cells,
    min: values.length > 0 ? Math.min(...values) : null,
    max: values.length > 0 ? Math.max(...values) : null,
  };
}
