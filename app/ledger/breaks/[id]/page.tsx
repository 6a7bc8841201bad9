import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BreakDetailView } from '@/components/ledger/break-detail-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Break ${decodeURIComponent((await params).id)}` };
}

export default async function BreakPage({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  return (
    <Suspense>
      <BreakDetailView id={id} />
    </Suspense>
  );
}
