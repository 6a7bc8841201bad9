import type { Store } from '../../clickhouse/client';
import { settleOrphanMinutes } from './orphan-minutes';

/** A settled minute is at least an hour old, so once caught up a pass a minute keeps pace. */
const IDLE_MS = 60_000;
const ERROR_BACKOFF_MS = 30_000;

const g = globalThis as unknown as { __sightlineOrphanSettler?: { stop: () => Promise<void> } };

/**
 * Keeps span_orphans_1m up to date in this process: passes back to back while catching up on a
 * store's history, then one a minute. One per process (shared through globalThis like the other
 * background loops, as Next bundles modules more than once).
 */
export function startOrphanSettler(store: Store): void {
  if (g.__sightlineOrphanSettler) return;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();
  const loop = async (): Promise<void> => {
    let delay = IDLE_MS;
    try {
      if (await settleOrphanMinutes(store, Date.now())) delay = 0;
    } catch (err) {
      console.error(`[sightline] orphan-span settler: ${err instanceof Error ? err.message : String(err)}`);
      delay = ERROR_BACKOFF_MS;
    }
    if (running) timer = setTimeout(() => void (inflight = loop()), delay);
  };
  timer = setTimeout(() => void (inflight = loop()), 0);
  g.__sightlineOrphanSettler = {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      delete g.__sightlineOrphanSettler;
      await inflight;
    },
  };
}

export async function stopOrphanSettler(): Promise<void> {
  await g.__sightlineOrphanSettler?.stop();
}
