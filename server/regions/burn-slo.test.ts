import { describe, expect, it } from 'vitest';
import { burnSloOf } from './burn-slo';
import { DEFAULT_SLO_WINDOW, type SloDefinition } from '../slo/slo-definition';

const fileSlo = (over: Partial<SloDefinition>): SloDefinition => ({
  id: 'pay-availability',
  displayName: 'pay',
  service: 'pay',
  sli: { kind: 'availability' },
  objective: 0.99,
  window: DEFAULT_SLO_WINDOW,
  budgeting: { method: 'Occurrences' },
  minEvents: 100,
  source: { kind: 'file', file: 'sightline.slo.yaml', line: 1 },
  ...over,
});

describe('burnSloOf', () => {
  it('uses the default 99.9 % availability SLO', () => {
    expect(burnSloOf('cart', [])).toEqual({ service: 'cart', sloId: 'cart-availability', objective: 0.999, sli: 'availability', bad: 'errors' });
  });

  it('takes the file’s <service>-availability SLO with its SLI and route', () => {
    const slo = burnSloOf('pay', [fileSlo({ sli: { kind: 'latency', thresholdMs: 1000 }, route: 'POST /pay' })]);
    expect(slo).toEqual({ service: 'pay', sloId: 'pay-availability', objective: 0.99, sli: 'latency ≤ 1000 ms', bad: 'slow1s', route: 'POST /pay' });
  });

  it('ignores a file SLO of that name that is about another service', () => {
    expect(burnSloOf('pay', [fileSlo({ service: 'other' })]).objective).toBe(0.999);
  });
});
