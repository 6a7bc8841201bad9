'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../trpc';
import { formatTime } from '../format';

/**
 * While the demo platform backfills its history, recent time ranges are still empty; say so,
 * with the progress, instead of leaving a user to wonder why the last hour shows nothing.
 */
export function DemoBackfillNotice() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.health.status.queryOptions(undefined, { refetchInterval: (q) => (q.state.data?.demo?.backfillDone === false ? 3000 : false) }));
  const demo = data?.demo;
  if (!demo || demo.backfillDone) return null;
  const total = Date.now() - demo.backfillFromMs;
  const done = demo.lastEmittedMs - demo.backfillFromMs;
  const pct = total > 0 ? Math.max(0, Math.min(100, Math.round((done / total) * 100))) : 0;
  return (
    <div className="notice" role="status">
      The demo platform is backfilling its history ({pct}%, now at {formatTime(demo.lastEmittedMs)}); recent time ranges fill in as it
      catches up, then it streams live. <Link href={`/?from=${demo.backfillFromMs}&to=now`}>Show everything that has arrived so far</Link>
    </div>
  );
}
