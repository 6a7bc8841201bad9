import type { LedgerTableName } from '../ledger-tables';
import type { BreakKind } from './break-kinds';

/** A ledger row image under its canonical column names (SPEC §5.5), values as text. */
export type CanonicalRow = Record<string, string | null>;

/** One change event of a mapped ledger table, as the rules see it. */
export interface LedgerChange {
  eventId: string;
  table: LedgerTableName;
  op: string;
  /** Exact: LSNs exceed 2^53. */
  lsn: bigint;
  txId: string;
  commitMs: number;
  /** When the connector captured it; null when the source does not say (then ingest time counts). */
  captureMs: number | null;
  ingestedMs: number;
  before: CanonicalRow | null;
  after: CanonicalRow | null;
}

/** A source transaction's END marker: how many events it had, per "schema.table". */
export interface TxnEnd {
  txId: string;
  eventCount: number | null;
  dataCollections: Record<string, number>;
  ingestedMs: number;
}

/** What a rule reports: one break of one business reference. */
export interface Finding {
  kind: BreakKind;
  refType: string;
  refId: string;
  /** journal txn id(s) involved, comma-separated; '' when none. */
  txnId: string;
  /** Exact decimal text of the amount at stake, null when unknown. */
  amount: string | null;
  currency: string;
  /** Commit time of the offending change (or when the grace period began). */
  occurredMs: number;
  detail: string;
  /** Event ids of the changes that show it. */
  evidence: string[];
}

export function refKey(refType: string, refId: string): string {
  return `${refType}:${refId}`;
}

/** The row a change leaves (after, or before for a delete). */
export function imageOf(c: LedgerChange): CanonicalRow {
  return c.after ?? c.before ?? {};
}

export function field(row: CanonicalRow | null | undefined, column: string): string {
  return row?.[column] ?? '';
}

export function byLsn(a: LedgerChange, b: LedgerChange): number {
  return a.lsn < b.lsn ? -1 : a.lsn > b.lsn ? 1 : 0;
}

/** An insert or snapshot read: a row as first posted. */
export function isPosting(c: LedgerChange): boolean {
  return c.op === 'c' || c.op === 'r';
}
