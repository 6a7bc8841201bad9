import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore } from '../clickhouse/test-store';
import type { Store } from '../clickhouse/client';
import { TableBatcher, type InsertedEntry } from './batcher';
import { HttpError } from './http-error';

interface Row {
  Batch: string;
  N: number;
}

describe('TableBatcher (embedded ClickHouse)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore());
    await store.client.command({ query: 'CREATE TABLE batch_test (Batch String, N UInt32) ENGINE = MergeTree ORDER BY (Batch, N)' });
  });
  afterAll(async () => cleanup());

  const count = async (batch: string) => {
    const rs = await store.client.query({ query: 'SELECT count() AS n FROM batch_test WHERE Batch = {b:String}', query_params: { b: batch }, format: 'JSONEachRow' });
    return (await rs.json<{ n: number }>())[0]!.n;
  };

  it('coalesces concurrent requests into few inserts and acknowledges after the insert', async () => {
    const inserts: number[] = [];
    const batcher = new TableBatcher<Row>({
      client: store.client,
      table: 'batch_test',
      maxDelayMs: 50,
      afterInsert: async (entries: InsertedEntry[]) => {
        inserts.push(entries.length);
      },
    });
    const requests = Array.from({ length: 40 }, (_, i) =>
      batcher.enqueue({ rows: Array.from({ length: 25 }, (_, n) => ({ Batch: 'coalesce', N: i * 25 + n })) }),
    );
    await Promise.all(requests);
    expect(await count('coalesce')).toBe(1000);
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(inserts.length).toBeLessThanOrEqual(3);
  });

  it('answers 429 with Retry-After once the queue is full, and still inserts what it accepted', async () => {
    const batcher = new TableBatcher<Row>({ client: store.client, table: 'batch_test', maxDelayMs: 200, maxQueueRows: 100 });
    const first = batcher.enqueue({ rows: Array.from({ length: 80 }, (_, n) => ({ Batch: 'full', N: n })) });
    let refused: unknown;
    try {
      await batcher.enqueue({ rows: Array.from({ length: 30 }, (_, n) => ({ Batch: 'full', N: 100 + n })) });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    expect((refused as HttpError).retryAfterSeconds).toBeGreaterThan(0);
    await first;
    expect(await count('full')).toBe(80);
  });

  it('keeps good requests when one request in the same batch cannot be inserted', async () => {
    const batcher = new TableBatcher<Row | { Batch: string; N: string }>({ client: store.client, table: 'batch_test', maxDelayMs: 50 });
    const good1 = batcher.enqueue({ rows: [{ Batch: 'poison', N: 1 }] });
    const bad = batcher.enqueue({ rows: [{ Batch: 'poison', N: 'not a number' }] });
    const good2 = batcher.enqueue({ rows: [{ Batch: 'poison', N: 2 }] });
    const results = await Promise.allSettled([good1, bad, good2]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count('poison')).toBe(2);
  });

  describe('when rows arrive during an insert', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('inserts them as soon as it ends if they have already waited the delay, and after the rest of it otherwise', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const writes: string[][] = [];
      const finishes: Array<() => void> = [];
      const batcher = new TableBatcher<Row>({
        client: store.client,
        table: 'batch_test',
        maxDelayMs: 300,
        write: (rows) => {
          writes.push(rows.map((r) => r.Batch));
          return new Promise<void>((resolve) => finishes.push(resolve));
        },
      });
      const a = batcher.enqueue({ rows: [{ Batch: 'a', N: 1 }] });
      await vi.advanceTimersByTimeAsync(300);
      expect(writes).toEqual([['a']]);

      // b arrives 100 ms into a's insert, which takes 500 ms: by its end b has waited 400 ms.
      await vi.advanceTimersByTimeAsync(100);
      const b = batcher.enqueue({ rows: [{ Batch: 'b', N: 2 }] });
      await vi.advanceTimersByTimeAsync(400);
      finishes.shift()!();
      await a;
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual([['a'], ['b']]);

      // c arrives 100 ms before b's insert ends: it waits the remaining 200 ms, not a whole delay.
      await vi.advanceTimersByTimeAsync(100);
      const c = batcher.enqueue({ rows: [{ Batch: 'c', N: 3 }] });
      await vi.advanceTimersByTimeAsync(100);
      finishes.shift()!();
      await b;
      await vi.advanceTimersByTimeAsync(199);
      expect(writes).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(writes).toEqual([['a'], ['b'], ['c']]);
      finishes.shift()!();
      await c;
    });
  });

  it('stores every character of the text it queued, one row per line', async () => {
    const batcher = new TableBatcher<Row>({ client: store.client, table: 'batch_test', maxDelayMs: 10 });
    const tricky = ['line\nbreak', 'quote " and \\ backslash', 'tab\tand unicode ✓ 拼团', '{"json":"inside"}', ''];
    await Promise.all(tricky.map((Batch, N) => batcher.enqueue({ rows: [{ Batch, N }] })));
    const rs = await store.client.query({
      query: 'SELECT Batch, N FROM batch_test WHERE Batch IN {b:Array(String)} ORDER BY N',
      query_params: { b: tricky },
      format: 'JSONEachRow',
    });
    expect(await rs.json<Row>()).toEqual(tricky.map((Batch, N) => ({ Batch, N })));
  });

  it('drain waits for everything queued', async () => {
    const batcher = new TableBatcher<Row>({ client: store.client, table: 'batch_test', maxDelayMs: 10_000 });
    void batcher.enqueue({ rows: [{ Batch: 'drain', N: 1 }] });
    expect(batcher.depth).toBe(1);
    await batcher.drain();
    expect(batcher.depth).toBe(0);
    expect(await count('drain')).toBe(1);
  });
});
