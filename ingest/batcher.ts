import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { metrics } from '../server/metrics';
import { HttpError } from './http-error';

export interface BatchEntry<R> {
  rows: R[];
  /** Identity of the request the rows came from, recorded once the rows are durable. */
  requestHash?: string;
}

/** What afterInsert learns of each request in a batch once its rows are durable. */
export interface InsertedEntry {
  rowCount: number;
  requestHash?: string;
}

/**
 * A request's rows while they wait: as JSONEachRow text for a plain insert, or as rows for a
 * custom writer. The text is made when the request arrives, so encoding the next batch overlaps
 * the insert of the current one instead of following it on the event loop.
 */
interface Waiting<R> extends InsertedEntry {
  rows?: R[];
  text?: string;
  /** performance.now() when it was queued. */
  queuedAt: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface BatcherOptions<R> {
  client: ClickHouseClient;
  table: string;
  /** Insert as soon as this many rows are waiting. */
  maxBatchRows?: number;
  /** Otherwise insert once the oldest waiting rows have waited this long, so a trickle still lands promptly. */
  maxDelayMs?: number;
  /** Refuse new rows (429) beyond this many waiting: memory stays bounded under overload. */
  maxQueueRows?: number;
  /** Runs after the rows of a batch are inserted and before their senders are acknowledged. */
  afterInsert?: (entries: InsertedEntry[]) => Promise<void>;
  /** Replaces the plain insert into `table`, for rows that fan out to several tables. */
  write?: (rows: R[]) => Promise<void>;
}

/**
 * Coalesces rows from concurrent requests into few large inserts (ClickHouse prefers thousands
 * of rows about once a second over many small inserts) and resolves each request only after
 * its rows are inserted. One insert per table is in flight at a time; rows arriving meanwhile
 * form the next batch.
 */
export class TableBatcher<R> {
  private queue: Waiting<R>[] = [];
  private queuedRows = 0;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: Array<() => void> = [];
  private readonly maxBatchRows: number;
  private readonly maxDelayMs: number;
  private readonly maxQueueRows: number;

  constructor(private readonly opts: BatcherOptions<R>) {
    this.maxBatchRows = opts.maxBatchRows ?? 100_000;
    this.maxDelayMs = opts.maxDelayMs ?? 200;
    this.maxQueueRows = opts.maxQueueRows ?? 400_000;
  }

  get depth(): number {
    return this.queuedRows;
  }

  /** Resolves once the rows are inserted; throws a 429 HttpError at once when the queue is full. */
  enqueue(entry: BatchEntry<R>): Promise<void> {
    if (this.queuedRows > 0 && this.queuedRows + entry.rows.length > this.maxQueueRows) {
      throw new HttpError(429, `ingest queue for ${this.opts.table} is full (${this.queuedRows} rows waiting); retry later`, 1);
    }
    const held = this.opts.write ? { rows: entry.rows } : { text: encodeRows(entry.rows) };
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...held, rowCount: entry.rows.length, requestHash: entry.requestHash, queuedAt: performance.now(), resolve, reject });
      this.queuedRows += entry.rows.length;
      this.report();
      this.schedule();
    });
  }

  /** Waits until everything queued so far is inserted. */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && !this.inFlight) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.inFlight) void this.flush();
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.inFlight) return;
    if (this.queuedRows >= this.maxBatchRows) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      // Counted from the oldest row's arrival: rows that queued up during the previous insert have
      // already waited that long and go at once, so the table never idles between inserts under load.
      const wait = Math.max(0, this.queue[0]!.queuedAt + this.maxDelayMs - performance.now());
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, wait);
    }
  }

  private takeBatch(): Waiting<R>[] {
    const batch: Waiting<R>[] = [];
    let rows = 0;
    while (this.queue.length > 0 && (batch.length === 0 || rows + this.queue[0]!.rowCount <= this.maxBatchRows)) {
      const next = this.queue.shift()!;
      rows += next.rowCount;
      batch.push(next);
    }
    this.queuedRows -= rows;
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = true;
    const batch = this.takeBatch();
    this.report();
    try {
      await this.insertBatch(batch);
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0) this.schedule();
      else for (const done of this.idle.splice(0)) done();
    }
  }

  private async insertBatch(batch: Waiting<R>[]): Promise<void> {
    try {
      await this.insertRows(batch);
      batch.forEach((w) => w.resolve());
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err as Error);
        return;
      }
      // One request's rows must not sink the others: retry each request on its own.
      for (const w of batch) {
        try {
          await this.insertRows([w]);
          w.resolve();
        } catch (single) {
          w.reject(single as Error);
        }
      }
    }
  }

  private async insertRows(batch: Waiting<R>[]): Promise<void> {
    const { client, table, afterInsert, write } = this.opts;
    const rowCount = batch.reduce((n, w) => n + w.rowCount, 0);
    const m = metrics();
    if (rowCount > 0) {
      const end = m.insertSeconds.startTimer({ table });
      if (write) await write(batch.flatMap((w) => w.rows ?? []));
      else {
        // exec sends the text as it is; insert() would encode each row again.
        const result = await client.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from(batch.map((w) => w.text!), { objectMode: false }) });
        result.stream.destroy();
      }
      end();
      m.batchRows.observe({ table }, rowCount);
    }
    await afterInsert?.(batch);
  }

  private report(): void {
    metrics().queueRows.set({ table: this.opts.table }, this.queuedRows);
  }
}

/** JSONEachRow text of some rows, each line ending in a newline, as the client's insert() would send them. */
function encodeRows(rows: readonly unknown[]): string {
  return rows.length === 0 ? '' : `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}
