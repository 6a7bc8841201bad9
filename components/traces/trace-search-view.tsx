'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useRefresh, useTimeRange } from '../url-state';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { SearchForm } from './search-form';
import { useSearchInput } from './search-params';
import { SpanResults } from './span-results';

export function TraceSearchView() {
  const trpc = useTRPC();
  const input = useSearchInput();
  const range = useTimeRange();
  const { intervalMs } = useRefresh();
  const query = useInfiniteQuery(
    trpc.traces.search.infiniteQueryOptions(input, {
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: intervalMs,
    }),
  );
  const spans = query.data?.pages.flatMap((p) => p.spans);
  const extra = [input.peerService && `peer.service = ${input.peerService}`, input.region && `region = ${input.region}`, input.az && `AZ = ${input.az}`, input.version && `version = ${input.version}`].filter(Boolean);
  return (
    <>
      <div className="page-head">
        <h1>Traces</h1>
        <span className="muted">Spans matching the filters, newest first</span>
      </div>
      <section className="panel">
        <div className="panel-body">
          <SearchForm key={JSON.stringify([input.service, input.operation, input.kind, input.minDurationMs, input.status, input.traceId, input.rootOnly])} input={input} />
          {extra.length > 0 && <p className="muted">Also filtered by {extra.join(', ')} (from the link you followed).</p>}
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Spans</h2>
          <span className="hint">{spans ? `${spans.length}${query.hasNextPage ? '+' : ''} shown` : ''}</span>
        </div>
        <QueryState
          query={{ data: spans, error: query.error, isPending: query.isPending, refetch: query.refetch }}
          isEmpty={(s) => s.length === 0}
          empty="No spans match these filters in this time range."
          height={300}
        >
          {(rows) => (
            <>
              <SpanResults spans={rows} range={range} />
              {query.hasNextPage && (
                <div className="state">
                  <button className="btn" type="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                    {query.isFetchingNextPage ? 'Loading…' : 'Load older spans'}
                  </button>
                </div>
              )}
            </>
          )}
        </QueryState>
      </section>
    </>
  );
}
