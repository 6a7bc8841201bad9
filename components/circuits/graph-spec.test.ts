import { describe, expect, it } from 'vitest';
import { graphSpec, layeredLayout } from './graph-spec';

const e = (source: string, target: string) => ({ source, target });

describe('service map layout', () => {
  it('puts each service one column right of its deepest caller, rows in name order', () => {
    const pos = layeredLayout([e('gateway', 'user'), e('user', 'group'), e('group', 'order'), e('gateway', 'order'), e('order', 'payment'), e('group', 'inventory')]);
    expect(Object.fromEntries(pos)).toEqual({
      gateway: { x: 0, y: 0 },
      user: { x: 1, y: 0 },
      group: { x: 2, y: 0 },
      inventory: { x: 3, y: 0 },
      order: { x: 3, y: 1 },
      payment: { x: 4, y: 0 },
    });
  });

  it('cuts a cycle where it closes and ignores self-calls', () => {
    const pos = layeredLayout([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'c')]);
    expect(Object.fromEntries(pos)).toEqual({ a: { x: 0, y: 0 }, b: { x: 1, y: 0 }, c: { x: 2, y: 0 } });
  });

  it('marks a callee with the worst state of the edges into it and sums their rate', () => {
    const spec = graphSpec([
      { id: 'a→c', source: 'a', target: 'c', state: 'CLOSED', errorRate: 0, rps: 2 },
      { id: 'b→c', source: 'b', target: 'c', state: 'OPEN', errorRate: 0.6, rps: 3 },
    ]);
    expect(spec.nodes.find((n) => n.id === 'c')).toMatchObject({ worst: 'OPEN', rps: 5, x: 1 });
    expect(spec.nodes.find((n) => n.id === 'a')).toMatchObject({ worst: null, rps: 0, x: 0 });
  });
});
