import type { RouterOutputs } from '../api-types';
import { formatCount, formatMs, formatPercent, formatRate } from '../format';
import { StatTile } from '../stat-tile';
import { tracesHref } from '../trace-links';

type Detail = RouterOutputs['services']['get'];

export function ServiceTiles({ detail, range }: { detail: Detail; range: { from: string; to: string } }) {
  const t = detail.totals;
  const spans = (extra: { status?: 'error'; minDurationMs?: number } = {}) =>
    tracesHref({ ...range, service: detail.service, kind: 'Server', ...extra });
  const latency = (label: string, v: number | null) => (
    <StatTile label={label} value={formatMs(v)} href={v === null ? undefined : spans({ minDurationMs: Math.floor(v) })} sub="links to slower spans" />
  );
  return (
    <div className="tiles">
      <StatTile label="Requests" value={formatCount(t.calls)} sub={`${formatRate(t.rps)} req/s`} href={spans()} />
      <StatTile
        label="Error rate"
        value={formatPercent(t.calls > 0 ? t.errorRate : null)}
        sub={`${formatCount(t.errors)} bad requests`}
        href={spans({ status: 'error' })}
        tone={t.errors > 0 ? 'bad' : undefined}
      />
      {latency('p50', t.p50Ms)}
      {latency('p95', t.p95Ms)}
      {latency('p99', t.p99Ms)}
    </div>
  );
}
