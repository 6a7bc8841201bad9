import type { RouterInputs, RouterOutputs } from '../api-types';
import { hrefWith, type ParamValue } from '../url-state';

export type BreakItem = RouterOutputs['ledger']['breaks']['items'][number];
export type BreakKind = BreakItem['kind'];
export type LedgerSummaryData = RouterOutputs['ledger']['summary'];
export type BreakFilterInput = Omit<RouterInputs['ledger']['breaks'], 'cursor' | 'limit'>;

/** SPEC §5.5's kinds in the order the page lists them, with what each means to an auditor. */
export const KINDS: { kind: BreakKind; label: string; rule: string }[] = [
  { kind: 'unbalanced_txn', label: 'Unbalanced txn', rule: 'a journal txn whose debits ≠ credits (per currency)' },
  { kind: 'missing_ledger', label: 'Missing ledger', rule: 'a SUCCEEDED payment with no journal txn after the grace period' },
  { kind: 'missing_reversal', label: 'Missing reversal', rule: 'a SUCCEEDED refund with no reversal after the grace period' },
  { kind: 'amount_mismatch', label: 'Amount mismatch', rule: 'order ≠ payment amount, or journal debits ≠ payment amount' },
  { kind: 'duplicate_posting', label: 'Duplicate posting', rule: 'more than one journal txn for one payment/refund/settlement' },
  { kind: 'orphan_entry', label: 'Orphan entry', rule: 'a posting whose payment/refund/settlement never appeared' },
  { kind: 'mutated_entry', label: 'Mutated entry', rule: 'an UPDATE or DELETE of a journal entry (append-only journal)' },
  { kind: 'incomplete_txn', label: 'Incomplete txn', rule: 'a source transaction with fewer events than its END declares' },
  { kind: 'late_event', label: 'Late event', rule: 'captured more than the SLA after commit' },
  { kind: 'tcc_hanging', label: 'TCC hanging', rule: 'a settlement TRYING longer than the TCC timeout' },
  { kind: 'tcc_null_compensation', label: 'TCC null compensation', rule: 'CANCELLED with no TRYING before it (empty rollback)' },
  { kind: 'tcc_suspension', label: 'TCC suspension', rule: 'TRYING or CONFIRMED after CANCELLED' },
];

export const KIND_LABEL = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<BreakKind, string>;

const KIND_SET = new Set<string>(KINDS.map((k) => k.kind));

/** The break filter as it lives in the URL (kinds comma-separated); unknown kinds are dropped. */
export function filterFromParams(sp: URLSearchParams, range: { from: string; to: string }): BreakFilterInput {
  const kinds = (sp.get('kinds') ?? '').split(',').filter((k): k is BreakKind => KIND_SET.has(k));
  const state = sp.get('state');
  const review = sp.get('review');
  const text = (k: string) => sp.get(k)?.trim() || undefined;
  return {
    ...range,
    ...(kinds.length > 0 ? { kinds } : {}),
    state: state === 'healed' || state === 'all' ? state : 'open',
    review: review === 'unreviewed' || review === 'acknowledged' || review === 'resolved' ? review : 'any',
    ...(text('minAmount') ? { minAmount: text('minAmount') } : {}),
    ...(text('maxAmount') ? { maxAmount: text('maxAmount') } : {}),
    ...(text('ref') ? { ref: text('ref') } : {}),
  };
}

/** The same filter as URL parameters (for links and the CSV export). */
export function filterParams(f: BreakFilterInput): Record<string, ParamValue> {
  return {
    from: f.from,
    to: f.to,
    kinds: f.kinds?.join(','),
    state: f.state === 'open' ? undefined : f.state,
    review: f.review === 'any' ? undefined : f.review,
    minAmount: f.minAmount,
    maxAmount: f.maxAmount,
    ref: f.ref,
  };
}

export function exportHref(f: BreakFilterInput): string {
  return hrefWith('/api/ledger/export', { ...filterParams(f), state: f.state });
}

export function breakHref(id: string, carried: Record<string, string>): string {
  return hrefWith(`/ledger/breaks/${id}`, carried);
}

/** "12.5 CNY"; amounts stay the exact strings the API sends. */
export function money(amount: string | null, currency: string): string {
  return amount === null ? '—' : `${amount} ${currency}`;
}
