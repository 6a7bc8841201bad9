'use client';

import { DataLink } from '../data-link';
import type { RouterOutputs } from '../api-types';
import { DataTable, type Column } from '../data-table';
import { Sparkline } from '../sparkline';
import { statsColumns } from '../stats-columns';
import { serviceHref } from '../trace-links';

export type ServiceRow = RouterOutputs['services']['list'][number];

interface Props {
  services: ServiceRow[];
  range: { from: string; to: string };
  carried: Record<string, string>;
}

export function ServicesTable({ services, range, carried }: Props) {
  const columns: Column<ServiceRow>[] = [
    {
      key: 'service',
      header: 'Service',
      sortValue: (r) => r.service,
      render: (r) => <DataLink href={serviceHref(r.service, carried)}>{r.service}</DataLink>,
    },
    {
      key: 'spark',
      header: 'Requests/s over time',
      render: (r) => <Sparkline values={r.spark} label={`Requests per second of ${r.service} over the time range`} />,
    },
    ...statsColumns<ServiceRow>((r) => ({ ...range, service: r.service, kind: 'Server' })),
  ];
  return <DataTable rows={services} columns={columns} rowKey={(r) => r.service} caption="Services" />;
}
