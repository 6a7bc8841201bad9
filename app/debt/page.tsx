import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DebtView } from '@/components/debt/debt-view';

export const metadata: Metadata = { title: 'Tech debt' };

export default function DebtPage() {
  return (
    <Suspense>
      <DebtView />
    </Suspense>
  );
}
