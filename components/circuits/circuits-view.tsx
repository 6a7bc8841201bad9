'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { edgeId, type CircuitRow } from './circuit-format';
import { CircuitGrid } from './circuit-grid';
import { EdgeDetail } from './edge-detail';
import { ServiceMap } from './service-map';

function Tiles({ rows }: { rows: CircuitRow[] }) {
  const count = (p: (r: CircuitRow) => boolean) => rows.filter(p).length;
  const open = count((r) => r.state === 'OPEN');
  const halfOpen = count((r) => r.state === 'HALF_OPEN');
  const tripped = count((r) => r.transitions.some((t) => t.to === 'OPEN'));
  const risky = count((r) => r.risk !== null && r.risk.recommendation !== 'normal');
  return (
    <div className="tiles">
      <StatTile label="Edges" value={rows.length} sub="caller → callee pairs with calls" />
      <StatTile label="Open" value={open} tone={open > 0 ? 'bad' : undefined} sub="breaker open now" />
      <StatTile label="Half-open" value={halfOpen} tone={halfOpen > 0 ? 'bad' : undefined} sub="trial calls in flight" />
      <StatTile label="Tripped in range" value={tripped} tone={tripped > 0 ? 'bad' : undefined} sub="opened at least once" />
      <StatTile label="Risk above normal" value={risky} tone={risky > 0 ? 'bad' : undefined} sub="score ≥ 0.7 vs the last hour" />
    </div>
  );
}

export function CircuitsView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const sp = useSearchParams();
  const caller = sp.get('caller');
  const callee = sp.get('callee');
  const query = useQuery(trpc.circuits.list.queryOptions(range, useLiveOptions()));
  const empty = 'No calls between services in this time range: circuits come from CLIENT spans with peer.service (or a child SERVER span).';
  return (
    <>
      <div className="page-head">
        <h1>Circuits</h1>
        <span className="muted">Breaker state replayed call by call from the CLIENT spans, as of the end of the time range; Hystrix defaults unless sightline.circuits.yaml says otherwise</span>
      </div>
      <QueryState query={query} height={74}>
        {(rows) => <Tiles rows={rows} />}
      </QueryState>
      {caller && callee && <EdgeDetail caller={caller} callee={callee} range={range} carried={carried} />}
      <section className="panel" aria-label="Circuit grid">
        <div className="panel-head">
          <h2>Breakers</h2>
          <span className="hint">worst error rate first, then volume · counts over the time range · click for the timeline</span>
        </div>
        <div className="panel-body">
          <QueryState query={query} isEmpty={(rows) => rows.length === 0} empty={empty} height={240}>
            {(rows) => <CircuitGrid rows={rows} selected={caller && callee ? edgeId({ caller, callee }) : null} carried={carried} />}
          </QueryState>
        </div>
      </section>
      <section className="panel" aria-label="Service map">
        <div className="panel-head">
          <h2>Service map</h2>
          <span className="hint">edges coloured by breaker state · click an edge for its timeline, a service for its page</span>
        </div>
        <div className="panel-body">
          <QueryState query={query} isEmpty={(rows) => rows.length === 0} empty={empty} height={300}>
            {(rows) => <ServiceMap rows={rows} carried={carried} />}
          </QueryState>
        </div>
      </section>
    </>
  );
}
