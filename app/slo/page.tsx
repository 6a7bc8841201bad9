import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SloListView } from '@/components/slo/slo-list-view';

export const metadata: Metadata = { title: 'SLOs' };

export default function SloPage() {
  return (
    <Suspense>
      <SloListView />
    </Suspense>
  );
}
