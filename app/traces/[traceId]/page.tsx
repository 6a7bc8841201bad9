import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TraceView } from '@/components/trace/trace-view';

type Props = { params: Promise<{ traceId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trace ${decodeURIComponent((await params).traceId).slice(0, 12)}` };
}

export default async function TracePage({ params }: Props) {
  const traceId = decodeURIComponent((await params).traceId);
  return (
    <Suspense>
      <TraceView traceId={traceId} />
    </Suspense>
  );
}
