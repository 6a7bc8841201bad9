import { format } from 'echarts/core';
import { describe, expect, it } from 'vitest';
import { buildHeatmapSpec, formatMetric, isMetric, tooltipHtml, type CellInput } from './heatmap-spec';

const HOSTILE = '<img src=x onerror=alert(1)>';

const cell = (row: string, column: string | number, value: number | null, over: Partial<CellInput> = {}): CellInput => ({
  row,
  column,
  value,
  calls: 100,
  errors: 2,
  rps: 1.5,
  errorRate: 0.02,
  p95Ms: 12.5,
  sloBurn: 20,
  ...over,
});

describe('buildHeatmapSpec', () => {
  it('places cells by category index and skips cells without a value', () => {
    const spec = buildHeatmapSpec({
      metric: 'errorRate',
      rows: ['a-svc', 'b-svc'],
      columns: ['', 'cn-east-1'],
      cells: [cell('b-svc', 'cn-east-1', 0.02), cell('a-svc', '', 0.5), cell('a-svc', 'cn-east-1', null)],
      columnLabel: (c) => (c === '' ? '(unset)' : String(c)),
      names: ['service', 'region'],
    });
    expect(spec.xLabels).toEqual(['(unset)', 'cn-east-1']);
    expect(spec.yLabels).toEqual(['a-svc', 'b-svc']);
    expect(spec.data).toEqual([
      [1, 1, 0.02],
      [0, 0, 0.5],
    ]);
    expect([spec.min, spec.max]).toEqual([0, 0.5]);
    expect(spec.tooltips[0]!.lines).toContainEqual(['error rate', '2.00% (2 of 100)']);
    expect(spec.tooltips[0]!.lines).toContainEqual(['SLO burn', '20.0×']);
  });

  it('keeps a usable colour scale when every cell has the same value', () => {
    const spec = buildHeatmapSpec({ metric: 'p95', rows: ['a'], columns: [0], cells: [cell('a', 0, 40)], columnLabel: String, names: ['AZ', 'time'] });
    expect([spec.min, spec.max]).toEqual([40, 41]);
    const empty = buildHeatmapSpec({ metric: 'errorRate', rows: [], columns: [], cells: [], columnLabel: String, names: ['AZ', 'time'] });
    expect([empty.min, empty.max]).toEqual([0, 1]);
  });
});

describe('tooltipHtml', () => {
  it('escapes every name and value, so markup in span attributes stays text', () => {
    const spec = buildHeatmapSpec({
      metric: 'p95',
      rows: [HOSTILE],
      columns: [HOSTILE],
      cells: [cell(HOSTILE, HOSTILE, 12.5)],
      columnLabel: String,
      names: ['service', 'region'],
      extra: () => [['SLO', `${HOSTILE}-availability`]],
    });
    const html = tooltipHtml(spec.tooltips[0]!, format.encodeHTML);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Title (row · column), the two names and the SLO line.
    expect(html.match(/&lt;img/g)).toHaveLength(5);
  });
});

describe('metrics', () => {
  it('formats each metric in its unit and knows the valid names', () => {
    expect(formatMetric('p95', 1234)).toBe('1.23 s');
    expect(formatMetric('errorRate', 0.125)).toBe('12.5%');
    expect(formatMetric('rps', 2)).toBe('2.00/s');
    expect(formatMetric('sloBurn', 14.4)).toBe('14.4×');
    expect(formatMetric('sloBurn', null)).toBe('no requests');
    expect(isMetric('sloBurn')).toBe(true);
    expect(isMetric('<script>')).toBe(false);
    expect(isMetric(null)).toBe(false);
  });
});
