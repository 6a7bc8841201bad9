import type { DemoOptions } from '../run';
import { HOUR_MS } from '../scenario';
import { DEFAULT_BREAK_EVERY, validateBreakEvery } from './breaks';
import { sentChanges } from './debezium-events';
import { HttpSink } from './http-sink';
import { PgSink } from './pg-sink';
import { LedgerSchedule } from './schedule';
import { deliveredBefore, LedgerSinkFatal, type LedgerSink, type Position, type ResumePoint } from './sink';
import type { SourceTxn, Transport } from './source-txn';
import { TruthLog } from './truth-log';
import { InterruptibleSleep } from '../interruptible-sleep';

/**
 * The demo platform's payment database, running inside the host process next to the traffic
 * demo: backfill the same history window at full speed, then follow the clock closely enough
 * that every on-time transaction reaches ingest well inside the 800 ms lag SLA.
 */

/** The traffic demo's options (pgUrl selects the Postgres transport), plus the ledger's own. */
export interface LedgerDemoOptions extends Pick<DemoOptions, 'endpoint' | 'token' | 'seed' | 'backfillHours' | 'rate' | 'stateDir' | 'log' | 'now' | 'pgUrl'> {
  /** One flow in `breakEvery` gets each break kind (default 200); 0 for none. */
  breakEvery?: number;
}

export interface LedgerDemoStats {
  transport: Transport;
  transactionsSent: number;
  /** Change events delivered (Debezium transport: excluding BEGIN/END). */
  changesSent: number;
  breaksSent: number;
  backfillDone: boolean;
  /** Everything sent before this (epoch ms) is durable. */
  cursorMs: number;
  stopped: boolean;
}

export interface LedgerDemoHandle {
  stop(): Promise<void>;
  stats(): LedgerDemoStats;
}

/** Live cadence: transactions wait at most this long before they are sent. */
export const LEDGER_TICK_MS = 200;
/** Windows grow slice by slice (simulated time) up to about this many events. */
const SLICE_MS = 1000;
const WINDOW_EVENTS = 2000;
const RETRY_PAUSE_MS = 5000;
const PROGRESS_LOG_INTERVAL_MS = 15_000;
/** How long stop() lets requests in flight land before abandoning them (they are re-sent next start). */
const STOP_GRACE_MS = 3000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startLedgerDemo(opts: LedgerDemoOptions): Promise<LedgerDemoHandle> {
  if (!(opts.rate > 0) || !Number.isFinite(opts.rate)) throw new Error(`ledger demo: rate must be a positive number, got ${opts.rate}`);
  if (!(opts.backfillHours >= 0)) throw new Error(`ledger demo: backfillHours must be >= 0, got ${opts.backfillHours}`);
  validateBreakEvery(opts.breakEvery ?? DEFAULT_BREAK_EVERY);
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const now = opts.now ?? Date.now;
  const transport: Transport = opts.pgUrl ? 'postgres' : 'debezium';
  const sink: LedgerSink = opts.pgUrl
    ? new PgSink({ connectionString: opts.pgUrl, seed: opts.seed, log })
    : new HttpSink({ endpoint: opts.endpoint, token: opts.token, stateDir: opts.stateDir, seed: opts.seed, log });
  const truth = new TruthLog(opts.stateDir, opts.seed, transport);

  const stats: LedgerDemoStats = { transport, transactionsSent: 0, changesSent: 0, breaksSent: 0, backfillDone: false, cursorMs: NaN, stopped: false };
  let schedule: LedgerSchedule | undefined;
  let resumed: ResumePoint | undefined;
  let historyStartMs = NaN;
  let stopping = false;
  const pause = new InterruptibleSleep();

  /** (Re)starts from what the sink says is durable: at start, and after any failure. */
  async function prepare(): Promise<LedgerSchedule> {
    const saved = await sink.resume();
    const earliest = Math.floor(now() - opts.backfillHours * HOUR_MS);
    // After a pause longer than the backfill window a new history begins, as for the traffic.
    resumed = saved && saved.cursorMs >= earliest ? saved : undefined;
    const start: Position = resumed ?? { historyStartMs: earliest, cursorMs: earliest };
    historyStartMs = start.historyStartMs;
    await truth.resetFrom(start.cursorMs);
    stats.cursorMs = start.cursorMs;
    return new LedgerSchedule({ seed: opts.seed, rate: opts.rate, transport, breakEvery: opts.breakEvery }, start.cursorMs, historyStartMs);
  }

  function record(txn: SourceTxn, sourceTxId?: string): void {
    stats.transactionsSent++;
    stats.changesSent += transport === 'debezium' ? sentChanges(txn) : txn.changes.length;
    stats.breaksSent += txn.breaks.length;
    truth.add(txn.breaks, sourceTxId);
  }

  /** Delivers [cursor, target) window by window; each window is checkpointed once durable. */
  async function advanceTo(s: LedgerSchedule, target: number): Promise<void> {
    while (!stopping && s.cursorMs < target) {
      const txns: SourceTxn[] = [];
      let events = 0;
      while (s.cursorMs < target && events < WINDOW_EVENTS) {
        for (const txn of s.take(Math.min(target, Math.floor(s.cursorMs / SLICE_MS) * SLICE_MS + SLICE_MS))) {
          txns.push(txn);
          events += txn.changes.length + 2;
        }
      }
      const fresh: SourceTxn[] = [];
      for (const txn of txns) {
        // After a restart mid-window, what the sink already holds is logged, not sent again.
        if (deliveredBefore(txn, resumed?.after)) truth.add(txn.breaks);
        else fresh.push(txn);
      }
      await sink.deliver(fresh, historyStartMs, record);
      await truth.flush();
      if (txns.length > 0) await sink.checkpoint({ historyStartMs, cursorMs: s.cursorMs });
      stats.cursorMs = s.cursorMs;
    }
  }

  async function backfill(s: LedgerSchedule): Promise<void> {
    const started = performance.now();
    const from = s.cursorMs;
    log(
      `ledger demo: seed ${opts.seed} over ${transport === 'postgres' ? 'Postgres (WAL)' : 'Debezium HTTP'}; ` +
        (now() - from > LEDGER_TICK_MS ? `backfilling from ${new Date(from).toISOString()}` : 'nothing to backfill'),
    );
    let lastProgress = performance.now();
    while (!stopping && now() - s.cursorMs > LEDGER_TICK_MS) {
      await advanceTo(s, Math.min(now(), s.cursorMs + 10 * 60_000));
      if (performance.now() - lastProgress > PROGRESS_LOG_INTERVAL_MS) {
        lastProgress = performance.now();
        log(`ledger demo: backfill at ${new Date(s.cursorMs).toISOString()}, ${stats.transactionsSent} transactions delivered`);
      }
    }
    if (stopping) return;
    stats.backfillDone = true;
    const secs = (performance.now() - started) / 1000;
    log(`ledger demo: backfill done: ${stats.transactionsSent} transactions, ${stats.changesSent} changes, ${stats.breaksSent} injected breaks in ${secs.toFixed(1)} s; streaming live`);
  }

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        schedule ??= await prepare();
        if (!stats.backfillDone) await backfill(schedule);
        else {
          await pause.sleep(LEDGER_TICK_MS);
          await advanceTo(schedule, now());
        }
      } catch (error) {
        schedule = undefined;
        if (stopping) break;
        if (error instanceof LedgerSinkFatal) {
          log(`ledger demo: ${error.message}; ledger demo stopped`);
          stats.stopped = true;
          return;
        }
        // A guest in the host process: report, pause, carry on from the last durable point.
        log(`ledger demo: ${(error as Error).message ?? String(error)}; retrying in ${RETRY_PAUSE_MS / 1000} s`);
        await pause.sleep(RETRY_PAUSE_MS);
      }
    }
  }

  const running = run();

  return {
    async stop(): Promise<void> {
      if (!stopping) {
        stopping = true;
        pause.wake();
        sink.stop();
        const finished = await Promise.race([running.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
        if (!finished) log('ledger demo: stopping without the requests in flight (they are re-sent on next start)');
      }
      await sink.close();
      await running;
      stats.stopped = true;
    },
    stats: () => ({ ...stats }),
  };
}
