import { describe, expect, it } from 'vitest';
import { rawWindow } from './raw-window';

describe('rawWindow', () => {
  it('ends at now while the range reaches into the future, and never divides by zero', () => {
    expect(rawWindow({ from: 0, to: 100_000 }, 40_000)).toEqual({ fromMs: 0, toMs: 40_000, seconds: 40 });
    expect(rawWindow({ from: 0, to: 100_000 }, 500_000)).toEqual({ fromMs: 0, toMs: 100_000, seconds: 100 });
    expect(rawWindow({ from: 10_000, to: 10_001 }, 10_000).seconds).toBe(1);
  });
});
