import type { SourceTxn, Transport } from './source-txn';

/** Where the ledger demo delivers its transactions: Debezium over HTTP, or a real Postgres. */

/** How far a seed's history has been delivered. */
export interface Position {
  /** Where the history began: flows that started earlier are not part of it. */
  historyStartMs: number;
  /** Everything sent before this (epoch ms) is delivered. */
  cursorMs: number;
}

export interface ResumePoint extends Position {
  /** Transactions up to this one (in send order) were delivered already and are skipped. */
  after?: { sendUs: number; lsn: bigint };
}

export interface LedgerSink {
  readonly transport: Transport;
  /** Where the last run with this seed stopped; undefined to start afresh. */
  resume(): Promise<ResumePoint | undefined>;
  /**
   * Delivers the transactions, calling `durable` for each once it can no longer be lost (with
   * the source's own transaction id when the sink learns one). Rejects when stopped.
   */
  deliver(txns: readonly SourceTxn[], historyStartMs: number, durable: (txn: SourceTxn, sourceTxId?: string) => void): Promise<void>;
  /** Everything before the position's cursor is durable: remember it for the next start. */
  checkpoint(position: Position): Promise<void>;
  /** Starts nothing new and ends retry waits (deliver() rejects); work in flight may still land. */
  stop(): void;
  /** Abandons everything, work in flight included. */
  close(): Promise<void>;
}

/** Precondition failures retrying cannot fix; the ledger demo stops and says why. */
export class LedgerSinkFatal extends Error {}

/** Whether `txn` comes at or before `after` in send order. */
export function deliveredBefore(txn: SourceTxn, after: ResumePoint['after']): boolean {
  if (!after) return false;
  return txn.sendUs < after.sendUs || (txn.sendUs === after.sendUs && txn.lsn <= after.lsn);
}
