import { describe, expect, it } from 'vitest';
import { bucketStarts, chooseBucketSeconds, coveredSeconds, rollupWindow } from './buckets';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 22, 10, 0, 0);

describe('rollupWindow', () => {
  it('widens to whole minutes and divides by the whole window when it is in the past', () => {
    expect(rollupWindow(T + 37_000, T + 60 * MIN + 37_000, T + 5 * 3_600_000)).toEqual({ startMs: T, endMs: T + 61 * MIN, seconds: 3660 });
  });

  it('ends the covered time at now while the last minute is still filling', () => {
    const now = T + 60 * MIN + 37_000;
    expect(rollupWindow(now - 3_600_000, now, now)).toEqual({ startMs: T, endMs: T + 61 * MIN, seconds: 3637 });
  });

  it('never divides by zero', () => {
    expect(rollupWindow(T, T + 1, T + 100).seconds).toBe(1);
  });
});

describe('chooseBucketSeconds', () => {
  const bucketFor = (ms: number) => chooseBucketSeconds(rollupWindow(T - ms, T, T), 120);
  it('keeps series between about 60 and 120 points for the presets', () => {
    expect(bucketFor(15 * MIN)).toBe(60);
    expect(bucketFor(60 * MIN)).toBe(60);
    expect(bucketFor(6 * 60 * MIN)).toBe(300);
    expect(bucketFor(24 * 60 * MIN)).toBe(900);
    expect(bucketFor(7 * 24 * 60 * MIN)).toBe(7200);
    expect(bucketFor(400 * 24 * 60 * MIN)).toBe(604_800);
  });
});

describe('bucketStarts and coveredSeconds', () => {
  it('aligns buckets to the epoch and counts only the covered part of edge buckets', () => {
    const w = rollupWindow(T + 3 * MIN, T + 13 * MIN, T + 11 * MIN + 30_000);
    expect(bucketStarts(w, 300)).toEqual([T, T + 5 * MIN, T + 10 * MIN]);
    expect(coveredSeconds(T, 300, w)).toBe(120);
    expect(coveredSeconds(T + 5 * MIN, 300, w)).toBe(300);
    expect(coveredSeconds(T + 10 * MIN, 300, w)).toBe(90);
    expect(coveredSeconds(T + 15 * MIN, 300, w)).toBe(0);
  });
});
