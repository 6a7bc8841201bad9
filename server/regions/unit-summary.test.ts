import { describe, expect, it } from 'vitest';
import { summarizeUnits } from './unit-summary';

describe('summarizeUnits', () => {
  it('counts requests served outside their unit’s home region, and unknown units apart', () => {
    const s = summarizeUnits([
      { unit: 'unit-east', home: 'cn-east-1', served: 'cn-east-1', requests: 990 },
      { unit: 'unit-east', home: 'cn-east-1', served: 'cn-north-1', requests: 6 },
      { unit: 'unit-east', home: 'cn-east-1', served: 'cn-south-1', requests: 4 },
      { unit: 'unit-south', home: 'cn-south-1', served: 'cn-east-1', requests: 6 },
      { unit: 'unit-south', home: 'cn-south-1', served: 'cn-south-1', requests: 294 },
      { unit: 'unit-x', home: '', served: 'cn-east-1', requests: 3 },
    ]);
    expect(s).toMatchObject({ requests: 1303, violations: 16, unknownUnitRequests: 3 });
    expect(s.share).toBeCloseTo(16 / 1303, 12);
    expect(s.pairs.map((p) => [p.unit, p.served, p.requests, p.share])).toEqual([
      ['unit-east', 'cn-north-1', 6, 0.006],
      ['unit-south', 'cn-east-1', 6, 0.02],
      ['unit-east', 'cn-south-1', 4, 0.004],
    ]);
    expect(s.units.map((u) => [u.unit, u.home, u.requests, u.violations])).toEqual([
      ['unit-east', 'cn-east-1', 1000, 10],
      ['unit-south', 'cn-south-1', 300, 6],
      ['unit-x', '', 3, 0],
    ]);
  });

  it('is all zeros without unit-tagged requests', () => {
    expect(summarizeUnits([])).toEqual({ requests: 0, violations: 0, share: 0, unknownUnitRequests: 0, units: [], pairs: [] });
  });
});
