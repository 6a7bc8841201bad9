import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SloDetailView } from '@/components/slo/slo-detail-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `SLO ${decodeURIComponent((await params).id)}` };
}

export default async function SloDetailPage({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  return (
    <Suspense>
      <SloDetailView id={id} />
    </Suspense>
  );
}
