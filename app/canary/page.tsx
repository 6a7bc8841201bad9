import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CanaryListView } from '@/components/canary/canary-list-view';

export const metadata: Metadata = { title: 'Canary' };

export default function CanaryPage() {
  return (
    <Suspense>
      <CanaryListView />
    </Suspense>
  );
}
