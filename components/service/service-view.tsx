'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { hrefWith, useCarriedParams, useTimeRange } from '../url-state';
import { BreakdownTables } from './breakdown-tables';
import { ServiceCharts } from './service-charts';
import { ServiceTiles } from './service-tiles';

export function ServiceView({ service }: { service: string }) {
  const trpc = useTRPC();
  const region = useSearchParams().get('region') || undefined;
  const timeRange = useTimeRange();
  // Trace links below spread the range, so the region filter follows them to the spans.
  const range = region ? { ...timeRange, region } : timeRange;
  const carried = useCarriedParams();
  const query = useQuery(trpc.services.get.queryOptions({ service, ...range }, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <span className="crumbs">
          <Link href={hrefWith('/', carried)}>Services</Link> /
        </span>
        <h1>{service}</h1>
        {region && (
          <span className="tag">
            region {region} · <Link href={hrefWith(`/services/${encodeURIComponent(service)}`, carried)}>all regions</Link>
          </span>
        )}
      </div>
      <QueryState query={query} height={400}>
        {(d) => (
          <>
            <ServiceTiles detail={d} range={range} />
            <ServiceCharts detail={d} />
            <BreakdownTables detail={d} range={range} carried={carried} />
          </>
        )}
      </QueryState>
    </>
  );
}
