import { hash32 } from '../random';
import type { Currency } from './catalog';
import type { Transport } from './source-txn';

/**
 * The reconciliation breaks of SPEC §5.5 the demo injects, which flows get one, and the ground
 * truth record each injection leaves behind.
 */

export const BREAK_KINDS = [
  'unbalanced_txn',
  'missing_ledger',
  'missing_reversal',
  'amount_mismatch',
  'duplicate_posting',
  'orphan_entry',
  'mutated_entry',
  'incomplete_txn',
  'late_event',
  'tcc_hanging',
  'tcc_null_compensation',
  'tcc_suspension',
] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

export type BreakFlavour = 'order_vs_payment' | 'journal_vs_payment' | 'update' | 'delete';

/** Kinds with two ways to go wrong; each flavour gets half of the kind's flows. */
const FLAVOURS: Partial<Record<BreakKind, readonly [BreakFlavour, BreakFlavour]>> = {
  amount_mismatch: ['order_vs_payment', 'journal_vs_payment'],
  mutated_entry: ['update', 'delete'],
};

/**
 * Breaks of the change stream itself rather than of the data: a real Postgres commits every row
 * of a transaction and the WAL reader sees it at once, so only the Debezium transport has them.
 */
export const DEBEZIUM_ONLY: ReadonlySet<BreakKind> = new Set<BreakKind>(['incomplete_txn', 'late_event']);

/** One paid order in 200 gets each kind (6 % of flows carry a break, 5 % over Postgres). */
export const DEFAULT_BREAK_EVERY = 200;

export interface InjectedBreak {
  kind: BreakKind;
  flavour?: BreakFlavour;
}

// Stream tag for hash32: keeps the choice independent of the traffic demo's per-request draws.
const BREAK_STREAM = 0x1ed6e7b5;

export function validateBreakEvery(every: number): void {
  if (every !== 0 && !(Number.isInteger(every) && every >= BREAK_KINDS.length)) {
    throw new Error(`ledger demo: breakEvery must be 0 (no breaks) or an integer >= ${BREAK_KINDS.length}, got ${every}`);
  }
}

/**
 * The break (if any) of the paid order (minute, index). A hash rather than a running counter so
 * any flow's fate is known without generating the ones before it: each kind has probability
 * exactly 1/every per flow.
 */
export function injectedBreak(seed: number, minute: number, index: number, every: number, transport: Transport): InjectedBreak | undefined {
  if (every === 0) return undefined;
  const h = hash32(seed, minute, index, BREAK_STREAM);
  const kind = BREAK_KINDS[h % every];
  if (!kind || (transport === 'postgres' && DEBEZIUM_ONLY.has(kind))) return undefined;
  const flavours = FLAVOURS[kind];
  return flavours ? { kind, flavour: flavours[Math.floor(h / every) % 2]! } : { kind };
}

/** Ground truth of one injected break: what a perfect reconciler reports, and where. */
export interface LedgerBreak {
  kind: BreakKind;
  flavour?: BreakFlavour;
  /** The business reference a reconciler reports the break under. */
  refType: 'payment' | 'refund' | 'settlement';
  refId: string;
  orderId: string;
  /** journal_entries.txn_id involved, where there is one. */
  journalTxnId: string | null;
  /**
   * Source transaction id (Debezium txId / Postgres xid) of the offending transaction: the fake
   * xid over Debezium; over Postgres only the running demo knows it (null in the pure truth).
   */
  sourceTxId: string | null;
  /** Journal entries updated or deleted (mutated_entry). */
  entryIds?: string[];
  /** Exact decimal text of the amount at stake (the payment's, refund's or settlement's). */
  amount: string;
  currency: Currency;
  /** Commit time (epoch ms) of the offending source transaction. */
  atMs: number;
  /** When the demo sends that transaction: its commit, or later for late_event. */
  sendMs: number;
  detail: string;
}
