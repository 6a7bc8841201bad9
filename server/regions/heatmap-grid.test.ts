import { describe, expect, it } from 'vitest';
import { buildGrid } from './heatmap-grid';
import { cellStats, metricValue } from './heatmap-metric';

const stats = (calls: number, errors: number, p95Ms: number | null = 10) =>
  cellStats({ calls, errors, p95Ms, sloTotal: calls, sloBad: errors }, 100, 0.999);

describe('cellStats and metricValue', () => {
  it('derives every metric, burn as error ratio over the budget', () => {
    const s = stats(200, 3, 42);
    expect(s).toMatchObject({ calls: 200, errors: 3, rps: 2, errorRate: 0.015, p95Ms: 42 });
    expect(s.sloBurn).toBeCloseTo(15, 9);
    expect(metricValue(s, 'p95')).toBe(42);
    expect(metricValue(s, 'errorRate')).toBe(0.015);
    expect(metricValue(s, 'rps')).toBe(2);
    expect(metricValue(s, 'sloBurn')).toBeCloseTo(15, 9);
  });

  it('has no value, not a zero, without requests', () => {
    const s = stats(0, 0, null);
    for (const m of ['p95', 'errorRate', 'rps', 'sloBurn'] as const) expect(metricValue(s, m)).toBeNull();
  });

  it('burns against the SLO scope, which may be smaller than the cell', () => {
    const s = cellStats({ calls: 100, errors: 10, p95Ms: 5, sloTotal: 0, sloBad: 0 }, 60, 0.99);
    expect(s.errorRate).toBe(0.1);
    expect(s.sloBurn).toBeNull();
  });
});

describe('buildGrid', () => {
  it('sorts both category axes and keeps only cells with requests', () => {
    const g = buildGrid(
      [
        { row: 'b-svc', column: 'cn-north-1', stats: stats(10, 1) },
        { row: 'a-svc', column: 'cn-east-1', stats: stats(10, 0) },
        { row: 'c-svc', column: 'cn-south-1', stats: stats(0, 0, null) },
      ],
      'errorRate',
    );
    expect(g.rows).toEqual(['a-svc', 'b-svc']);
    expect(g.columns).toEqual(['cn-east-1', 'cn-north-1']);
    expect(g.cells.map((c) => [c.row, c.column, c.value])).toEqual([
      ['b-svc', 'cn-north-1', 0.1],
      ['a-svc', 'cn-east-1', 0],
    ]);
    expect([g.min, g.max]).toEqual([0, 0.1]);
  });

  it('keeps columns the caller insists on, in numeric order, and has no range without values', () => {
    const g = buildGrid([], 'p95', { columns: [120, 0, 60] });
    expect(g.columns).toEqual([0, 60, 120]);
    expect(g.cells).toEqual([]);
    expect([g.min, g.max]).toEqual([null, null]);
  });
});
