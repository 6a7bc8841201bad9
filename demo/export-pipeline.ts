import type { Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * A span processor that hands finished spans to an exporter in large batches, retries a failed
 * batch until it is accepted, and reports a durable watermark.
 *
 * Why not BatchSpanProcessor: its size-triggered exports are not awaited by forceFlush() and
 * their failures only reach the global error handler, and a full queue drops spans. The demo
 * persists "everything before T was delivered" and must never claim that falsely, so it needs
 * per-batch outcomes. Back-pressure replaces dropping: the producer awaits ready().
 */

export interface PipelineOptions {
  /** Spans per export request (one OTLP request). */
  batchSize?: number;
  /** Export requests in flight at once; ingest acks after a durable insert, so overlap matters. */
  maxInFlight?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  log?: (msg: string) => void;
}

const FAILURE_LOG_INTERVAL_MS = 30_000;

interface Batch {
  endSeq: number;
  done: boolean;
}

export class ExportPipeline implements SpanProcessor {
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly log: (msg: string) => void;
  private pending: ReadableSpan[] = [];
  /** Spans handed over so far; a span's sequence number is its position in this stream. */
  private seq = 0;
  private shippedSeq = 0;
  private ackedSeq = 0;
  private readonly batches: Batch[] = [];
  private readonly checkpoints: { seq: number; value: number }[] = [];
  private durableValue: number | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private aborted = false;
  private readonly wakers = new Set<() => void>();
  private failing = false;
  private lastFailureLogAt = -Infinity;
  private shutdownPromise: Promise<void> | undefined;
  /** Spans the exporter reported as delivered. */
  sentSpans = 0;

  constructor(
    private readonly exporter: SpanExporter,
    opts: PipelineOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 5000;
    this.maxInFlight = opts.maxInFlight ?? 4;
    this.retryInitialMs = opts.retryInitialMs ?? 1000;
    this.retryMaxMs = opts.retryMaxMs ?? 30_000;
    this.log = opts.log ?? (() => {});
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.aborted) return;
    this.pending.push(span);
    this.seq++;
  }

  /** Records that every span handed over so far belongs to `value` (e.g. "emitted up to T"). */
  mark(value: number): void {
    if (this.seq === this.ackedSeq) {
      this.durableValue = value;
      return;
    }
    this.checkpoints.push({ seq: this.seq, value });
  }

  /** The latest marked value whose spans have all been delivered. */
  durable(): number | undefined {
    return this.durableValue;
  }

  get pendingSpans(): number {
    return this.pending.length;
  }

  /** Ships full batches; resolves once the pending backlog is below one batch (back-pressure). */
  async ready(): Promise<void> {
    while (!this.aborted && this.pending.length >= this.batchSize) {
      if (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
      else this.ship(this.batchSize);
    }
  }

  /** Ships everything and waits until it has been delivered (or the pipeline was aborted). */
  async flush(): Promise<void> {
    while (!this.aborted && this.pending.length > 0) {
      if (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
      else this.ship(this.batchSize);
    }
    await Promise.all(this.inFlight);
  }

  forceFlush(): Promise<void> {
    return this.flush();
  }

  /** Stops retrying and drops what is not delivered; durable() keeps telling the truth. */
  abort(): void {
    this.aborted = true;
    this.pending = [];
    for (const wake of this.wakers) wake();
  }

  shutdown(): Promise<void> {
    // Every provider shares this processor and calls shutdown(); do it once.
    this.shutdownPromise ??= this.flush().then(() => this.exporter.shutdown());
    return this.shutdownPromise;
  }

  private ship(count: number): void {
    const spans = this.pending.length <= count ? this.pending : this.pending.slice(0, count);
    this.pending = this.pending.length <= count ? [] : this.pending.slice(count);
    this.shippedSeq += spans.length;
    const batch: Batch = { endSeq: this.shippedSeq, done: false };
    this.batches.push(batch);
    const p = this.deliver(spans).then((ok) => {
      this.inFlight.delete(p);
      if (!ok) return;
      batch.done = true;
      this.sentSpans += spans.length;
      this.advance();
    });
    this.inFlight.add(p);
  }

  private advance(): void {
    while (this.batches[0]?.done) this.ackedSeq = this.batches.shift()!.endSeq;
    while (this.checkpoints[0] && this.checkpoints[0].seq <= this.ackedSeq) this.durableValue = this.checkpoints.shift()!.value;
  }

  private async deliver(spans: ReadableSpan[]): Promise<boolean> {
    let delayMs = this.retryInitialMs;
    for (;;) {
      if (this.aborted) return false;
      const result = await this.exportOnce(spans);
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.failing) {
          this.failing = false;
          this.lastFailureLogAt = -Infinity;
          this.log('demo: span export recovered');
        }
        return true;
      }
      if (this.aborted) return false;
      this.failing = true;
      // Concurrent batches fail together; one line per episode and then every 30 s is plenty.
      if (performance.now() - this.lastFailureLogAt >= FAILURE_LOG_INTERVAL_MS) {
        this.lastFailureLogAt = performance.now();
        this.log(`demo: span export failed (${describe(result.error)}); retrying ${spans.length} spans in ${Math.round(delayMs / 1000)} s`);
      }
      await this.sleep(delayMs);
      delayMs = Math.min(delayMs * 2, this.retryMaxMs);
    }
  }

  private exportOnce(spans: ReadableSpan[]): Promise<ExportResult> {
    return new Promise((resolve) => {
      try {
        this.exporter.export(spans, resolve);
      } catch (error) {
        resolve({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wakers = this.wakers;
      function done(): void {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }
}

function describe(error: Error | undefined): string {
  if (!error) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  const text = error.message || error.name;
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
