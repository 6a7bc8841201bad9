import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import type { LedgerBreak } from './breaks';
import type { Transport } from './source-txn';

/**
 * The running demo's ground truth: one JSON line per injected break once its transaction was
 * delivered, in `<stateDir>/demo-ledger-truth.jsonl`, for tests and benchmarks that measure a
 * reconciler's recall and precision against what actually reached Sightline.
 */

export const TRUTH_FILE = 'demo-ledger-truth.jsonl';

export interface TruthLine extends LedgerBreak {
  seed: number;
  transport: Transport;
}

export class TruthLog {
  private readonly file: string;
  private pending: TruthLine[] = [];

  constructor(
    private readonly stateDir: string,
    private readonly seed: number,
    private readonly transport: Transport,
  ) {
    this.file = join(stateDir, TRUTH_FILE);
  }

  /**
   * Forgets what this transport logged from `cursorMs` on (it is about to be delivered, and
   * logged, again) and every other seed's lines (a new seed starts a new history).
   */
  async resetFrom(cursorMs: number): Promise<void> {
    this.pending = [];
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const kept = lines.filter((l) => {
      try {
        const line = JSON.parse(l) as TruthLine;
        return line.seed === this.seed && (line.transport !== this.transport || line.sendMs < cursorMs);
      } catch {
        return false; // a torn last line from a crash
      }
    });
    if (kept.length === lines.length) return;
    await writeFileAtomic(this.file, kept.map((l) => `${l}\n`).join(''));
  }

  add(breaks: readonly LedgerBreak[], sourceTxId?: string): void {
    for (const b of breaks) {
      this.pending.push({ ...b, ...(sourceTxId !== undefined ? { sourceTxId } : {}), seed: this.seed, transport: this.transport });
    }
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending.map((l) => `${JSON.stringify(l)}\n`).join('');
    this.pending = [];
    await mkdir(this.stateDir, { recursive: true });
    await appendFile(this.file, lines);
  }
}

/** Reads the truth file (tests, tools). */
export async function readTruth(stateDir: string): Promise<TruthLine[]> {
  let text: string;
  try {
    text = await readFile(join(stateDir, TRUTH_FILE), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TruthLine);
}
