export interface WindowCounts {
  total: number;
  failed: number;
  slow: number;
}

/**
 * A rolling time window of `buckets` fixed buckets of `bucketMs` (Hystrix's rolling statistics,
 * Resilience4j's time-based window with 1 s buckets, Sentinel's LeapArray with one bucket):
 * a bucket leaves the window as a whole once the bucket `buckets` positions later begins.
 */
export class BucketWindow {
  private readonly slots: Array<{ index: number } & WindowCounts> = [];

  constructor(
    private readonly bucketMs: number,
    private readonly buckets: number,
  ) {}

  add(atMs: number, failed: boolean, slow: boolean): void {
    const index = Math.floor(atMs / this.bucketMs);
    this.evict(index);
    let last = this.slots[this.slots.length - 1];
    if (!last || last.index !== index) {
      last = { index, total: 0, failed: 0, slow: 0 };
      this.slots.push(last);
    }
    last.total++;
    if (failed) last.failed++;
    if (slow) last.slow++;
  }

  totals(atMs: number): WindowCounts {
    this.evict(Math.floor(atMs / this.bucketMs));
    const sum: WindowCounts = { total: 0, failed: 0, slow: 0 };
    for (const s of this.slots) {
      sum.total += s.total;
      sum.failed += s.failed;
      sum.slow += s.slow;
    }
    return sum;
  }

  reset(): void {
    this.slots.length = 0;
  }

  private evict(current: number): void {
    while (this.slots.length > 0 && this.slots[0]!.index <= current - this.buckets) this.slots.shift();
  }
}

/** A percentage for reasons: 62%, 33.3%, 50%. */
export function pct(part: number, total: number): string {
  return `${Number(((part / total) * 100).toFixed(1))}%`;
}

/** A duration for reasons: 5 s, 1.5 s, 300 ms. */
export function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
