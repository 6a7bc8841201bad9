import type { Metadata } from 'next';
import { NotBuilt } from '@/components/not-built';

export const metadata: Metadata = { title: 'Tech debt' };

export default function Page() {
  return (
    <NotBuilt
      title="Tech debt"
      purpose="Where tech debt is, whether it grows, and which service crosses the governance line."
      spec="SPEC §5.6"
      items={[
        'A debt index per service from maintainability, observability, build stability and security (0–100 each)',
        'Services flagged above 40, ranked by index × traffic share',
        'Daily trends and burn-down against targets',
        'Executable debt units that are triggered, with their evidence',
      ]}
    />
  );
}
