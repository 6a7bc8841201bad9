import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CanaryDetailView } from '@/components/canary/canary-detail-view';

type Props = { params: Promise<{ service: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Canary ${decodeURIComponent((await params).service)}` };
}

export default async function CanaryDetailPage({ params }: Props) {
  const service = decodeURIComponent((await params).service);
  return (
    <Suspense>
      <CanaryDetailView service={service} />
    </Suspense>
  );
}
