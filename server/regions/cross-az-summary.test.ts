import { describe, expect, it } from 'vitest';
import { summarizeCrossAz, type AzPairCount } from './cross-az-summary';

const pair = (caller: string, callee: string, callerAz: string, calleeAz: string, calls: number): AzPairCount => ({
  caller,
  callee,
  callerAz,
  calleeAz,
  callerRegion: callerAz.slice(0, -1),
  calleeRegion: calleeAz.slice(0, -1),
  calls,
});

describe('summarizeCrossAz', () => {
  it('gives each edge its cross-AZ share, cross-region count and busiest cross-AZ pair, highest share first', () => {
    const s = summarizeCrossAz(
      [
        pair('order', 'inventory', 'cn-east-1a', 'cn-east-1a', 90),
        pair('order', 'inventory', 'cn-east-1a', 'cn-south-1b', 10),
        pair('marketing', 'product', 'cn-east-1a', 'cn-east-1a', 30),
        pair('marketing', 'product', 'cn-east-1a', 'cn-east-1b', 35),
        pair('marketing', 'product', 'cn-east-1a', 'cn-east-1c', 35),
      ],
      50,
    );
    expect(s.edges.map((e) => [e.caller, e.callee, e.calls, e.crossAz, e.share, e.crossRegion, e.rps])).toEqual([
      ['marketing', 'product', 100, 70, 0.7, 0, 2],
      ['order', 'inventory', 100, 10, 0.1, 10, 2],
    ]);
    // A tie between two pairs goes to the first by name, so refreshes do not flip it.
    expect(s.edges[0]!.topPair).toEqual({ callerAz: 'cn-east-1a', calleeAz: 'cn-east-1b', calls: 35 });
    expect(s.totals).toEqual({ calls: 200, crossAz: 80, share: 0.4 });
  });

  it('breaks equal shares by traffic and is empty without calls', () => {
    const s = summarizeCrossAz([pair('a', 'b', 'x1a', 'x1a', 1), pair('c', 'd', 'x1a', 'x1a', 5)], 1);
    expect(s.edges.map((e) => e.caller)).toEqual(['c', 'a']);
    expect(s.edges[0]!.topPair).toBeNull();
    expect(summarizeCrossAz([], 10)).toEqual({ edges: [], totals: { calls: 0, crossAz: 0, share: 0 } });
  });
});
