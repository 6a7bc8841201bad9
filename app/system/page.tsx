import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SystemView } from '@/components/system/system-view';

export const metadata: Metadata = { title: 'System' };

export default function SystemPage() {
  return (
    <Suspense>
      <SystemView />
    </Suspense>
  );
}
