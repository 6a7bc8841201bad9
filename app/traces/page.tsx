import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TraceSearchView } from '@/components/traces/trace-search-view';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <Suspense>
      <TraceSearchView />
    </Suspense>
  );
}
