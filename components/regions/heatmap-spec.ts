import type { RouterInputs } from '../api-types';
import { formatCount, formatMs, formatMultiple, formatPercent, formatRate } from '../format';

/**
 * What the region pages ask a heatmap to draw: plain data and plain text, no ECharts types, so
 * the page does not pull the chart library into its bundle and every string that reaches the
 * tooltip is known to be text (the chart escapes it before ECharts renders it as HTML).
 */

/** The metrics regions.heatmap accepts (the server's list, through the API types). */
export type HeatmapMetric = NonNullable<RouterInputs['regions']['heatmap']['metric']>;

export const METRICS: ReadonlyArray<{ id: HeatmapMetric; label: string; legend: string }> = [
  { id: 'p95', label: 'p95 latency', legend: 'p95 latency of requests (SERVER spans)' },
  { id: 'errorRate', label: 'Error rate', legend: 'share of requests that failed' },
  { id: 'rps', label: 'Requests/s', legend: 'requests per second' },
  { id: 'sloBurn', label: 'SLO burn', legend: 'availability SLO burn rate (1× spends the budget exactly over its window)' },
];

export function isMetric(v: string | null): v is HeatmapMetric {
  return METRICS.some((m) => m.id === v);
}

export function formatMetric(metric: HeatmapMetric, v: number | null): string {
  if (v === null) return 'no requests';
  if (metric === 'p95') return formatMs(v);
  if (metric === 'errorRate') return formatPercent(v);
  if (metric === 'rps') return `${formatRate(v)}/s`;
  return formatMultiple(v);
}

/**
 * Inferno, sampled: dark and cool for low values, bright and hot for high ones. Lightness rises
 * monotonically, so it reads the same with any colour-vision deficiency and in greyscale.
 */
export const HEAT_COLORS = ['#1b0c41', '#4a0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9b06', '#f7d13d', '#fcffa4'] as const;

export interface CellInput {
  row: string;
  column: string | number;
  value: number | null;
  calls: number;
  errors: number;
  rps: number;
  errorRate: number | null;
  p95Ms: number | null;
  sloBurn: number | null;
}

export interface HeatmapSpec {
  metric: HeatmapMetric;
  xLabels: string[];
  yLabels: string[];
  /** [x index, y index, value]; cells without requests are left out (drawn as background). */
  data: Array<[number, number, number]>;
  /** Text lines of each cell's tooltip, parallel to `data`: a title and label/value pairs. */
  tooltips: Array<{ title: string; lines: Array<[string, string]> }>;
  min: number;
  max: number;
  /** Print the value in each cell (small grids only). */
  showValues: boolean;
}

export interface SpecInput {
  metric: HeatmapMetric;
  rows: string[];
  columns: Array<string | number>;
  cells: CellInput[];
  /** Axis text of a column (a region, or a bucket start as a time). */
  columnLabel: (c: string | number) => string;
  rowLabel?: (r: string) => string;
  /** What the tooltip names the row and column, e.g. ['service', 'region']. */
  names: [row: string, column: string];
  /** Extra tooltip lines for a cell (the SLO it burns against). */
  extra?: (cell: CellInput) => Array<[string, string]>;
  showValues?: boolean;
}

/** An empty region or AZ (spans without the resource attribute) still needs a visible label. */
export const unsetLabel = (s: string) => (s === '' ? '(unset)' : s);

export function buildHeatmapSpec(input: SpecInput): HeatmapSpec {
  const { metric, rows, columns, cells, columnLabel, names } = input;
  const rowLabel = input.rowLabel ?? unsetLabel;
  const x = new Map(columns.map((c, i) => [c, i]));
  const y = new Map(rows.map((r, i) => [r, i]));
  const data: HeatmapSpec['data'] = [];
  const tooltips: HeatmapSpec['tooltips'] = [];
  for (const c of cells) {
    const xi = x.get(c.column);
    const yi = y.get(c.row);
    if (xi === undefined || yi === undefined || c.value === null || !Number.isFinite(c.value)) continue;
    data.push([xi, yi, c.value]);
    tooltips.push({
      title: `${rowLabel(c.row)} · ${columnLabel(c.column)}`,
      lines: [
        [names[0], rowLabel(c.row)],
        [names[1], columnLabel(c.column)],
        ['p95 latency', formatMetric('p95', c.p95Ms)],
        ['error rate', `${formatPercent(c.errorRate)} (${formatCount(c.errors)} of ${formatCount(c.calls)})`],
        ['requests/s', `${formatRate(c.rps)}/s`],
        ['SLO burn', formatMultiple(c.sloBurn)],
        ...(input.extra?.(c) ?? []),
      ],
    });
  }
  const values = data.map((d) => d[2]);
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 1;
  return {
    metric,
    xLabels: columns.map(columnLabel),
    yLabels: rows.map(rowLabel),
    data,
    tooltips,
    // A flat grid still needs a non-empty scale; error rates and burns start at zero.
    min: metric === 'p95' || metric === 'rps' ? min : 0,
    max: max > min ? max : min + (metric === 'errorRate' ? 0.01 : 1),
    showValues: input.showValues ?? false,
  };
}

/**
 * The tooltip as HTML, every piece of data text passed through `encode` (ECharts' encodeHTML):
 * names come from span attributes anyone can send.
 */
export function tooltipHtml(tip: HeatmapSpec['tooltips'][number], encode: (s: string) => string): string {
  const rows = tip.lines.map(([k, v]) => `<tr><td style="opacity:.7;padding-right:8px">${encode(k)}</td><td><b>${encode(v)}</b></td></tr>`);
  return `<div style="margin-bottom:2px">${encode(tip.title)}</div><table>${rows.join('')}</table>`;
}
