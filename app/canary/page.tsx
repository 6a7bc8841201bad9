import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'Canary' };

export default function Page() {
  return (
    <NotBuilt
      title="Canary"
      purpose="Whether a canary release is safe to promote."
      spec="SPEC §5.3"
      items={[
        'Canary vs baseline per service over the same minutes and regions',
        'Error rate (two-proportion test), latency p50/p90/p99 (Mann–Whitney U with Hodges–Lehmann shift), throughput share, new error signatures',
        'A verdict — promote, hold, rollback or inconclusive — with every metric’s values, p-value, interval and threshold shown',
        'Verdict history over time',
      ]}
    />
  );
}
