import { describe, expect, it } from 'vitest';
import { layoutWaterfall, serviceColours } from './waterfall-layout';

const s = (spanId: string, parentSpanId: string, offsetMs: number) => ({ spanId, parentSpanId, offsetMs });

describe('layoutWaterfall', () => {
  const spans = [s('c', 'a', 5), s('a', '', 0), s('b', 'a', 1), s('d', 'b', 2), s('x', 'missing', 3)];

  it('walks the tree depth-first with children by start time', () => {
    expect(layoutWaterfall(spans).map((r) => [r.span.spanId, r.depth, r.hasChildren, r.orphan])).toEqual([
      ['a', 0, true, false],
      ['b', 1, true, false],
      ['d', 2, false, false],
      ['c', 1, false, false],
      ['x', 0, false, true],
    ]);
  });

  it('hides the subtree of a collapsed span but keeps the span', () => {
    expect(layoutWaterfall(spans, new Set(['b'])).map((r) => r.span.spanId)).toEqual(['a', 'b', 'c', 'x']);
  });

  it('survives parent cycles and self-parents', () => {
    const rows = layoutWaterfall([s('p', 'q', 0), s('q', 'p', 1), s('r', 'r', 2)]);
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(['p', 'q', 'r']);
  });
});

describe('serviceColours', () => {
  it('is stable regardless of input order and skips the error colour', () => {
    const a = serviceColours(['b', 'a']);
    expect(a.get('a')).toBe('var(--series-1)');
    expect(a.get('b')).toBe('var(--series-2)');
    expect([...serviceColours(['a', 'b', 'c', 'd', 'e', 'f', 'g']).values()]).not.toContain('var(--series-6)');
  });
});
