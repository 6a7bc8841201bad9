import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'Regions' };

export default function Page() {
  return (
    <NotBuilt
      title="Regions"
      purpose="Which region, availability zone or unit is sick."
      spec="SPEC §5.4"
      items={[
        'A region × service heatmap for p95 latency, error rate, rps or SLO burn',
        'An AZ × time heatmap for one service',
        'Cross-AZ call share per edge',
        'Unit routing violations: requests served outside their unit’s region',
      ]}
    />
  );
}
