import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Resume point of the demo. Written only after the spans before `lastEmittedMs` were accepted by
 * ingest, so a restart continues exactly there and never sends a request twice.
 */
export interface DemoState {
  seed: number;
  lastEmittedMs: number;
}

export const STATE_FILE = 'demo-state.json';

export async function readState(dir: string): Promise<DemoState | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { seed, lastEmittedMs } = parsed as Record<string, unknown>;
    if (typeof seed !== 'number' || typeof lastEmittedMs !== 'number' || !Number.isFinite(lastEmittedMs)) return undefined;
    return { seed, lastEmittedMs };
  } catch {
    return undefined; // a torn or hand-edited file means "start fresh", not "crash the host"
  }
}

export async function writeState(dir: string, state: DemoState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  // Write-then-rename: a crash mid-write leaves the previous state, never a torn one.
  await writeFile(tmp, `${JSON.stringify(state)}\n`);
  await rename(tmp, file);
}
