import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServiceView } from '@/components/service/service-view';

type Props = { params: Promise<{ service: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).service) };
}

export default async function ServicePage({ params }: Props) {
  const service = decodeURIComponent((await params).service);
  return (
    <Suspense>
      <ServiceView service={service} />
    </Suspense>
  );
}
