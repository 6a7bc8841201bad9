import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LedgerView } from '@/components/ledger/ledger-view';

export const metadata: Metadata = { title: 'Ledger' };

export default function LedgerPage() {
  return (
    <Suspense>
      <LedgerView />
    </Suspense>
  );
}
