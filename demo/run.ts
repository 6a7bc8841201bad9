import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { TrafficEmitter } from './emitter';
import { ExportPipeline } from './export-pipeline';
import { startDebtDemo } from './debt/run-debt';
import { startLedgerDemo } from './ledger/run-ledger';
import { HOUR_MS, loadMultiplier } from './scenario';
import { readState, writeState } from './state';
import { InterruptibleSleep } from './interruptible-sleep';

/**
 * The demo platform's traffic, running inside the host process: backfill recent history at full
 * speed, then stream live. Speaks only OTLP/HTTP to the ingest endpoint.
 */

export interface DemoOptions {
  endpoint: string;
  token?: string;
  seed: number;
  backfillHours: number;
  rate: number;
  stateDir: string;
  log?: (msg: string) => void;
  now?: () => number;
  /** SIGHTLINE_PG_URL: the ledger part writes its payment database there (for the WAL reader) instead of POSTing Debezium events. */
  pgUrl?: string;
}

export interface DemoHandle {
  stop(): Promise<void>;
  stats(): { spansSent: number; requestsSimulated: number; backfillDone: boolean; backfillFromMs: number; lastEmittedMs: number };
}

export { DEFAULT_BACKFILL_HOURS, DEFAULT_RATE, DEFAULT_SEED } from './defaults';

/** Live cadence. */
export const LIVE_INTERVAL_MS = 2000;
/** Live emits requests that started at least this long ago, so their spans have all ended. */
export const LIVE_LAG_MS = 3000;
/** Simulated time per generation step; bounds the synchronous work between event-loop turns. */
export const SLICE_MS = 5000;
/** ...unless the rate is so high that a slice would hold more requests than this. */
const MAX_REQUESTS_PER_SLICE = 1500;
const STATE_WRITE_INTERVAL_MS = 1000;
const PROGRESS_LOG_INTERVAL_MS = 15_000;
const STOP_FLUSH_TIMEOUT_MS = 5000;

export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/** Slices are aligned to their own length, so checkpoints land on round times. */
function sliceEndAfter(cursor: number, rate: number): number {
  const perMs = (rate * loadMultiplier(cursor)) / 1000;
  const len = Math.max(1, Math.min(SLICE_MS, Math.floor(MAX_REQUESTS_PER_SLICE / perMs)));
  return Math.floor(cursor / len) * len + len;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function span(ms: number): string {
  return ms >= HOUR_MS ? `${(ms / HOUR_MS).toFixed(1)} h` : `${(ms / 60_000).toFixed(1)} min`;
}

export async function startDemo(opts: DemoOptions): Promise<DemoHandle> {
  if (!(opts.rate > 0) || !Number.isFinite(opts.rate)) throw new Error(`demo: rate must be a positive number, got ${opts.rate}`);
  if (!(opts.backfillHours >= 0)) throw new Error(`demo: backfillHours must be >= 0, got ${opts.backfillHours}`);
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const now = opts.now ?? Date.now;

  const exporter = new OTLPTraceExporter({
    url: tracesUrl(opts.endpoint),
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
    timeoutMillis: 10_000,
  });
  const pipeline = new ExportPipeline(exporter, { log });
  const emitter = new TrafficEmitter({ seed: opts.seed, rate: opts.rate, processor: pipeline });

  const saved = await readState(opts.stateDir);
  const earliest = now() - opts.backfillHours * HOUR_MS;
  let cursor = earliest;
  if (saved && saved.seed === opts.seed) cursor = Math.max(earliest, saved.lastEmittedMs);
  else if (saved) log(`demo: state has seed ${saved.seed}, running seed ${opts.seed}: starting afresh`);
  pipeline.mark(cursor);
  const backfillFromMs = cursor;

  let stopping = false;
  let backfillDone = false;
  let persisted = saved?.seed === opts.seed ? saved.lastEmittedMs : -Infinity;
  let lastWriteAt = 0;
  let writeFailed = false;
  const pause = new InterruptibleSleep();

  async function persist(force: boolean): Promise<void> {
    const durable = pipeline.durable();
    if (durable === undefined || durable <= persisted) return;
    if (!force && performance.now() - lastWriteAt < STATE_WRITE_INTERVAL_MS) return;
    lastWriteAt = performance.now();
    try {
      await writeState(opts.stateDir, { seed: opts.seed, lastEmittedMs: durable });
      persisted = durable;
      writeFailed = false;
    } catch (error) {
      if (!writeFailed) log(`demo: cannot write state in ${opts.stateDir}: ${(error as Error).message}`);
      writeFailed = true;
    }
  }

  /** Emits [cursor, target) slice by slice, with back-pressure from the exporter. */
  async function advanceTo(target: number): Promise<void> {
    while (!stopping && cursor < target) {
      const sliceEnd = Math.min(sliceEndAfter(cursor, opts.rate), target);
      emitter.emitRange(cursor, sliceEnd);
      pipeline.mark(sliceEnd);
      cursor = sliceEnd;
      await pipeline.ready();
      await persist(false);
      await yieldToLoop();
    }
  }

  async function backfill(): Promise<void> {
    const from = cursor;
    const started = performance.now();
    const target0 = now() - LIVE_LAG_MS;
    log(
      `demo: seed ${opts.seed}, ${opts.rate} req/s base; ` +
        (target0 > from ? `backfilling ${span(target0 - from)} from ${new Date(from).toISOString()}` : 'nothing to backfill'),
    );
    let lastProgress = performance.now();
    // The clock moves while backfilling; keep going until what is left is one live step.
    while (!stopping && now() - LIVE_LAG_MS - cursor > LIVE_INTERVAL_MS) {
      const target = Math.min(now() - LIVE_LAG_MS, cursor + 10 * 60_000);
      await advanceTo(target);
      if (performance.now() - lastProgress > PROGRESS_LOG_INTERVAL_MS) {
        lastProgress = performance.now();
        log(`demo: backfill at ${new Date(cursor).toISOString()}, ${emitter.spans} spans generated, ${pipeline.sentSpans} delivered`);
      }
    }
    await advanceTo(now() - LIVE_LAG_MS);
    await pipeline.flush();
    await persist(true);
    if (stopping) return;
    backfillDone = true;
    const secs = (performance.now() - started) / 1000;
    log(`demo: backfill done: ${emitter.requests} requests, ${pipeline.sentSpans} spans in ${secs.toFixed(1)} s; streaming live`);
  }

  async function live(): Promise<void> {
    while (!stopping) {
      await pause.sleep(LIVE_INTERVAL_MS);
      if (stopping) break;
      await advanceTo(now() - LIVE_LAG_MS);
      await pipeline.flush();
      await persist(true);
    }
  }

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        if (!backfillDone) await backfill();
        else await live();
      } catch (error) {
        // The demo is a guest in the host process: report, pause, carry on.
        log(`demo: ${(error as Error).message ?? String(error)}; retrying in 5 s`);
        await pause.sleep(5000);
      }
    }
  }

  const running = run();

  // Ledger (SPEC §7): the payment database's flows, with their own loop, state and ground truth.
  const ledger = await startLedgerDemo({ ...opts, log });
  // Debt (SPEC §7): the services' CI and scanner reports, sent once at start.
  const debt = startDebtDemo({ ...opts, log });

  return {
    async stop(): Promise<void> {
      const ledgerStopped = ledger.stop(); // idempotent and never rejects; runs alongside the flush below
      const debtStopped = debt.stop();
      if (stopping) return running.then(() => ledgerStopped);
      stopping = true;
      pause.wake();
      const flushed = await Promise.race([
        running.then(() => pipeline.flush()).then(() => true),
        delay(STOP_FLUSH_TIMEOUT_MS).then(() => false),
      ]);
      if (!flushed) {
        log('demo: ingest not accepting spans; stopping without the undelivered tail (it is re-sent on next start)');
        pipeline.abort();
      }
      await running;
      await persist(true);
      await Promise.race([emitter.shutdown(), delay(2000)]);
      await ledgerStopped;
      await debtStopped;
    },
    stats() {
      return {
        spansSent: pipeline.sentSpans,
        requestsSimulated: emitter.requests,
        backfillDone,
        backfillFromMs,
        lastEmittedMs: pipeline.durable() ?? cursor,
      };
    },
  };
}
