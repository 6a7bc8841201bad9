import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'SLOs' };

export default function Page() {
  return (
    <NotBuilt
      title="SLOs"
      purpose="Which service objective is burning its error budget, and how fast."
      spec="SPEC §5.1"
      items={[
        'Default availability (99.9%) and latency (99% ≤ 300 ms) SLOs for every service with SERVER spans, plus those in sightline.slo.yaml (OpenSLO v1)',
        'SLI, error budget remaining and burn rates over 5m/30m/1h/6h/1d/3d, event-weighted from per-minute counts',
        'Multiwindow, multi-burn-rate alert state (page / ticket / none / insufficient data), sorted by budget remaining',
        'Per SLO: SLI over time, budget burn-down, burn-rate chart with thresholds, alert timeline, links to the bad spans',
      ]}
    />
  );
}
