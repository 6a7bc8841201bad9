import { CdcSender } from './cdc-sender';
import { debeziumBody } from './debezium-events';
import { readLedgerProgress, writeLedgerProgress } from './ledger-state';
import type { LedgerSink, Position, ResumePoint } from './sink';
import type { SourceTxn } from './source-txn';

/**
 * The Debezium transport: transactions as Debezium Server HTTP-sink batches on POST /v1/cdc.
 * Progress is a state file like the traffic demo's, written only after a window's every batch
 * was accepted.
 */

export interface HttpSinkOptions {
  endpoint: string;
  token?: string;
  stateDir: string;
  seed: number;
  log: (msg: string) => void;
}

/** Events per request; whole transactions only, so BEGIN…END never straddle two requests. */
const MAX_EVENTS_PER_BODY = 500;
/** Requests in flight: ingest acknowledges after a durable insert, so overlap raises throughput. */
const MAX_IN_FLIGHT = 4;

function bodies(txns: readonly SourceTxn[]): SourceTxn[][] {
  const out: SourceTxn[][] = [];
  let current: SourceTxn[] = [];
  let events = 0;
  for (const txn of txns) {
    const size = txn.changes.length + 2;
    if (current.length > 0 && events + size > MAX_EVENTS_PER_BODY) {
      out.push(current);
      current = [];
      events = 0;
    }
    current.push(txn);
    events += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export class HttpSink implements LedgerSink {
  readonly transport = 'debezium';
  private readonly sender: CdcSender;
  private readonly stateDir: string;
  private readonly seed: number;

  constructor(opts: HttpSinkOptions) {
    this.seed = opts.seed;
    this.sender = new CdcSender({ endpoint: opts.endpoint, token: opts.token, log: opts.log });
    this.stateDir = opts.stateDir;
  }

  async resume(): Promise<ResumePoint | undefined> {
    const saved = await readLedgerProgress(this.stateDir);
    return saved?.seed === this.seed ? { historyStartMs: saved.historyStartMs, cursorMs: saved.cursorMs } : undefined;
  }

  async deliver(txns: readonly SourceTxn[], _historyStartMs: number, durable: (txn: SourceTxn) => void): Promise<void> {
    const batches = bodies(txns);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) await this.sender.send(debeziumBody(batch));
    };
    await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, batches.length) }, worker));
    // Ingest may have stored a later batch before an earlier one; the window is durable only as a whole.
    for (const txn of txns) durable(txn);
  }

  async checkpoint(position: Position): Promise<void> {
    await writeLedgerProgress(this.stateDir, { seed: this.seed, ...position });
  }

  stop(): void {
    this.sender.stop();
  }

  async close(): Promise<void> {
    this.sender.abort();
  }
}
