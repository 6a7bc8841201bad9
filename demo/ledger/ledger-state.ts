import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

/**
 * Resume point of the Debezium transport, written only after everything sent before `cursorMs`
 * was accepted by ingest. `historyStartMs` is where this seed's history began: flows that
 * started earlier never happened, so a restart must not deliver their later transactions.
 */
export interface LedgerProgress {
  seed: number;
  historyStartMs: number;
  cursorMs: number;
}

export const LEDGER_STATE_FILE = 'demo-ledger-state.json';

export async function readLedgerProgress(dir: string): Promise<LedgerProgress | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, LEDGER_STATE_FILE), 'utf8'));
    const { seed, historyStartMs, cursorMs } = (parsed ?? {}) as Record<string, unknown>;
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    return finite(seed) && finite(historyStartMs) && finite(cursorMs) ? { seed, historyStartMs, cursorMs } : undefined;
  } catch {
    return undefined; // missing, torn or hand-edited: start afresh rather than crash the host
  }
}

export async function writeLedgerProgress(dir: string, progress: LedgerProgress): Promise<void> {
  await writeFileAtomic(join(dir, LEDGER_STATE_FILE), `${JSON.stringify(progress)}\n`);
}
