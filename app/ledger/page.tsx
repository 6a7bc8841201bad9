import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'Ledger' };

export default function Page() {
  return (
    <NotBuilt
      title="Ledger"
      purpose="Whether every payment, refund and settlement has balanced, complete, unaltered postings."
      spec="SPEC §5.5"
      items={[
        'Totals: transactions, entries, amounts per currency (exact decimals), unbalanced rate, end-to-end lag p50/p99, trial balance',
        'Breaks by kind (unbalanced, missing ledger or reversal, amount mismatch, duplicate, orphan, mutated, incomplete, late, TCC anomalies)',
        'Each break with its evidence: the change events with their LSNs and before/after rows',
        'Acknowledge or resolve with a comment (append-only audit log), filter, and export as CSV',
      ]}
    />
  );
}
