import { formatCount, formatMs, formatPercent, formatRate } from '../format';
import { StatTile } from '../stat-tile';
import { tracesHref } from '../trace-links';
import type { ServiceRow } from './services-table';

/** Platform-wide totals, event-weighted across services (never an average of per-service ratios). */
export function SummaryTiles({ services, range }: { services: ServiceRow[]; range: { from: string; to: string } }) {
  const calls = services.reduce((s, r) => s + r.calls, 0);
  const errors = services.reduce((s, r) => s + r.errors, 0);
  const rps = services.reduce((s, r) => s + r.rps, 0);
  const slowest = services.reduce<ServiceRow | undefined>((w, r) => ((r.p95Ms ?? -1) > (w?.p95Ms ?? -1) ? r : w), undefined);
  const worst = services.reduce<ServiceRow | undefined>((w, r) => (r.errorRate > (w?.errorRate ?? 0) ? r : w), undefined);
  return (
    <div className="tiles">
      <StatTile label="Services" value={services.length} />
      <StatTile label="Requests" value={formatCount(calls)} sub={`${formatRate(rps)} req/s`} href={tracesHref({ ...range, kind: 'Server' })} />
      <StatTile
        label="Error rate"
        value={formatPercent(calls > 0 ? errors / calls : null)}
        sub={`${formatCount(errors)} bad requests`}
        href={tracesHref({ ...range, kind: 'Server', status: 'error' })}
        tone={errors > 0 ? 'bad' : undefined}
      />
      <StatTile
        label="Highest error rate"
        value={worst ? formatPercent(worst.errorRate) : '–'}
        sub={worst?.service ?? 'no errors'}
        href={worst ? tracesHref({ ...range, service: worst.service, kind: 'Server', status: 'error' }) : undefined}
      />
      <StatTile
        label="Slowest p95"
        value={formatMs(slowest?.p95Ms ?? null)}
        sub={slowest?.service ?? '–'}
        href={slowest?.p95Ms != null ? tracesHref({ ...range, service: slowest.service, kind: 'Server', minDurationMs: Math.floor(slowest.p95Ms) }) : undefined}
      />
    </div>
  );
}
