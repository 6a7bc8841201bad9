'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { LazyChart } from '../lazy-chart';
import { serviceHref } from '../trace-links';
import { edgeHref, STATE_LABEL, type CircuitRow } from './circuit-format';
import { graphSpec } from './graph-spec';

/** Services as nodes, edges coloured by breaker state; a click opens the edge or the service. */
export function ServiceMap({ rows, carried }: { rows: CircuitRow[]; carried: Record<string, string> }) {
  const router = useRouter();
  const spec = useMemo(
    () => graphSpec(rows.map((r) => ({ id: `${r.caller}→${r.callee}`, source: r.caller, target: r.callee, state: r.state, errorRate: r.errorRate, rps: r.rps }))),
    [rows],
  );
  const byId = useMemo(() => new Map(rows.map((r) => [`${r.caller}→${r.callee}`, r])), [rows]);
  const layers = Math.max(1, ...spec.nodes.map((n) => n.y + 1));
  const notClosed = rows.filter((r) => r.state !== 'CLOSED');
  const label = `Service map: ${spec.nodes.length} services, ${rows.length} edges${
    notClosed.length > 0 ? `; not closed: ${notClosed.map((r) => `${r.caller} → ${r.callee} ${STATE_LABEL[r.state]}`).join(', ')}` : '; every breaker closed'
  }`;
  return (
    <div data-testid="service-map">
      <LazyChart
        spec={spec}
        height={Math.min(520, Math.max(240, layers * 70 + 60))}
        ariaLabel={label}
        onItemClick={(id) => {
          const edge = byId.get(id);
          router.push(edge ? edgeHref(edge, carried) : serviceHref(id, carried), { scroll: false });
        }}
      />
    </div>
  );
}
