import type { Store } from '../../clickhouse/client';
import { getConfig } from '../config';
import { loadLedgerMapping, type LedgerMapping } from '../ledger-mapping';
import { reconcilePass, type PassResult } from './reconciler';

/**
 * Keeps the reconciler running in this process: a pass every half second, back to back while it is
 * catching up. One per process, shared through globalThis because Next bundles this module more
 * than once.
 */

const TICK_MS = 500;
const ERROR_BACKOFF_MS = 5000;

export interface ReconcilerStatus {
  running: boolean;
  lastPassMs: number | null;
  last: PassResult | null;
  lastError: string | null;
}

interface Runner {
  status: ReconcilerStatus;
  /** Stops the loop; resolves once a pass in flight has finished. */
  stop: () => Promise<void>;
}

const g = globalThis as unknown as { __sightlineLedgerReconciler?: Runner; __sightlineLedgerMapping?: Promise<LedgerMapping> };

/** The ledger mapping of this process's configuration, read once. */
export function ledgerMapping(): Promise<LedgerMapping> {
  g.__sightlineLedgerMapping ??= loadLedgerMapping(getConfig().SIGHTLINE_LEDGER_CONFIG);
  return g.__sightlineLedgerMapping;
}

export interface RunnerOptions {
  /** Defaults to the process's sightline.ledger.yaml. */
  mapping?: LedgerMapping;
  /** The clock grace periods run on; a test replaying a past history sets it. */
  ruleClock?: () => number;
}

export function startLedgerReconciler(store: Store, { mapping, ruleClock }: RunnerOptions = {}): Runner {
  if (g.__sightlineLedgerReconciler) return g.__sightlineLedgerReconciler;
  const status: ReconcilerStatus = { running: true, lastPassMs: null, last: null, lastError: null };
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();
  const loop = async (): Promise<void> => {
    if (!status.running) return;
    let delay = TICK_MS;
    try {
      const m = mapping ?? (await ledgerMapping());
      const now = Date.now();
      const pass = await reconcilePass(store, m, m.reconciliation, now, ruleClock?.() ?? now);
      status.last = pass;
      status.lastPassMs = Date.now();
      status.lastError = null;
      if (!pass.caughtUp) delay = 0;
    } catch (err) {
      status.lastError = err instanceof Error ? err.message : String(err);
      console.error(`[sightline] ledger reconciler: ${status.lastError}`);
      delay = ERROR_BACKOFF_MS;
    }
    if (status.running) timer = setTimeout(() => void (inflight = loop()), delay);
  };
  timer = setTimeout(() => void (inflight = loop()), 0);
  const runner: Runner = {
    status,
    stop: async () => {
      status.running = false;
      clearTimeout(timer);
      delete g.__sightlineLedgerReconciler;
      await inflight;
    },
  };
  g.__sightlineLedgerReconciler = runner;
  return runner;
}

export function reconcilerStatus(): ReconcilerStatus | undefined {
  return g.__sightlineLedgerReconciler?.status;
}

/** Stops this process's reconciler, if one runs (shutdown, tests). */
export async function stopLedgerReconciler(): Promise<void> {
  await g.__sightlineLedgerReconciler?.stop();
}
