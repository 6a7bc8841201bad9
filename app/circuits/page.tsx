import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'Circuits' };

export default function Page() {
  return (
    <NotBuilt
      title="Circuits"
      purpose="Which dependency tripped its breaker, when, and for how long."
      spec="SPEC §5.2"
      items={[
        'Caller → callee edges from CLIENT spans with peer.service, with rps, error rate and p95',
        'Breaker state (CLOSED/OPEN/HALF_OPEN) replayed from the calls with Hystrix, Resilience4j or Sentinel presets, with every transition',
        'Risk score from z-scores of QPS, error rate and p95 against each edge’s own last hour',
        'A Hystrix-style grid, a service map and a per-edge state timeline',
      ]}
    />
  );
}
