/** The reconciliation breaks of SPEC §5.5, in the order the UI lists them. */
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
