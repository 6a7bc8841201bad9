import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CircuitsView } from '@/components/circuits/circuits-view';

export const metadata: Metadata = { title: 'Circuits' };

export default function CircuitsPage() {
  return (
    <Suspense>
      <CircuitsView />
    </Suspense>
  );
}
