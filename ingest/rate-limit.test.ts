import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst, then the sustained rate, per client', () => {
    const limit = createRateLimiter(10, 20);
    const allowed = Array.from({ length: 25 }, () => limit.take('a', 0)).filter((wait) => wait === 0).length;
    expect(allowed).toBe(20);
    expect(limit.take('a', 0)).toBe(1);
    // Another client has its own bucket.
    expect(limit.take('b', 0)).toBe(0);
    // 500 ms refill five requests at 10/s.
    const later = Array.from({ length: 8 }, () => limit.take('a', 500)).filter((wait) => wait === 0).length;
    expect(later).toBe(5);
  });

  it('says how long to wait, in whole seconds', () => {
    const limit = createRateLimiter(0.5, 1);
    expect(limit.take('a', 0)).toBe(0);
    expect(limit.take('a', 0)).toBe(2);
    expect(limit.take('a', 1000)).toBe(1);
    expect(limit.take('a', 2000)).toBe(0);
  });

  it('is off at 0 and forgets idle clients when many are tracked', () => {
    const off = createRateLimiter(0);
    expect(Array.from({ length: 1000 }, () => off.take('a', 0)).every((wait) => wait === 0)).toBe(true);
    const limit = createRateLimiter(100, 100);
    for (let i = 0; i < 10_000; i++) limit.take(`client-${i}`, 0);
    expect(limit.size()).toBe(10_000);
    limit.take('newcomer', 60_000);
    expect(limit.size()).toBe(1);
  });
});
