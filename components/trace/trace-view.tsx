'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { formatMs, formatTime } from '../format';
import { QueryState } from '../query-state';
import { hrefWith, useCarriedParams, useTimeRange, useUpdateParams } from '../url-state';
import { useTRPC } from '../trpc';
import { SpanDetails } from './span-details';
import { Waterfall } from './waterfall';
import { serviceColours } from './waterfall-layout';

export function TraceView({ traceId }: { traceId: string }) {
  const trpc = useTRPC();
  const carried = useCarriedParams();
  const range = useTimeRange();
  const update = useUpdateParams();
  const selectedParam = useSearchParams().get('span') ?? undefined;
  // A stored trace does not change, except while its last spans are still arriving.
  const query = useQuery(trpc.traces.get.queryOptions({ traceId }, { staleTime: 30_000 }));
  const colours = useMemo(() => serviceColours(query.data?.services ?? []), [query.data?.services]);

  return (
    <>
      <div className="page-head">
        <span className="crumbs">
          <Link href={hrefWith('/traces', carried)}>Traces</Link> /
        </span>
        <h1 className="mono" style={{ fontSize: 15 }}>
          {traceId}
        </h1>
      </div>
      <QueryState query={query} height={360}>
        {(trace) => {
          const selected = trace.spans.find((s) => s.spanId === selectedParam) ?? trace.spans.find((s) => s.isRoot) ?? trace.spans[0];
          const errors = trace.spans.filter((s) => s.status === 'error').length;
          return (
            <>
              <div className="tiles">
                <div className="tile">
                  <div className="tile-label">Started</div>
                  <div className="tile-value" style={{ fontSize: 15 }}>{formatTime(trace.start)}</div>
                </div>
                <div className="tile">
                  <div className="tile-label">Duration</div>
                  <div className="tile-value">{formatMs(trace.durationMs)}</div>
                </div>
                <div className="tile">
                  <div className="tile-label">Spans</div>
                  <div className="tile-value">{trace.spans.length}{trace.truncated ? '+' : ''}</div>
                  {trace.truncated && <div className="tile-sub">only the first {trace.spans.length} are shown</div>}
                </div>
                <div className="tile">
                  <div className="tile-label">Bad calls</div>
                  <div className={`tile-value${errors > 0 ? ' bad' : ''}`}>{errors}</div>
                </div>
              </div>
              <div className="legend" aria-label="Services">
                {trace.services.map((s) => (
                  <span key={s} className="legend-item">
                    <span className="swatch" style={{ background: colours.get(s) }} /> {s}
                  </span>
                ))}
              </div>
              <div className="trace-layout">
                <section className="panel">
                  <div className="panel-body">
                    <Waterfall
                      spans={trace.spans}
                      durationMs={trace.durationMs}
                      colours={colours}
                      selected={selected?.spanId}
                      onSelect={(spanId) => update({ span: spanId }, 'replace')}
                    />
                  </div>
                </section>
                {selected && <SpanDetails span={selected} range={range} />}
              </div>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
