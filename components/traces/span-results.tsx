'use client';

import { DataLink } from '../data-link';
import type { RouterOutputs } from '../api-types';
import { DataTable, type Column } from '../data-table';
import { formatMs, formatTime } from '../format';
import { traceHref } from '../trace-links';

type Span = RouterOutputs['traces']['search']['spans'][number];

function StatusCell({ span }: { span: Span }) {
  const code = span.httpStatus !== null ? `HTTP ${span.httpStatus}` : span.grpcCode !== null ? `gRPC ${span.grpcCode}` : null;
  return (
    <>
      <span className={span.status === 'error' ? 'tag tag-error' : 'tag tag-ok'}>{span.status === 'error' ? '✕ error' : 'ok'}</span>{' '}
      {code && <span className="muted">{code}</span>}
    </>
  );
}

/** Span rows, newest first as the server pages them (so no client-side re-sorting). */
export function SpanResults({ spans, range }: { spans: Span[]; range: { from: string; to: string } }) {
  const columns: Column<Span>[] = [
    { key: 'time', header: 'Time', render: (s) => <span className="mono">{formatTime(s.timestamp)}</span> },
    { key: 'service', header: 'Service', render: (s) => s.service },
    {
      key: 'name',
      header: 'Operation',
      render: (s) => (
        <div className="ellipsis" title={s.name}>
          {s.isRoot && <span className="tag" title="root span">root</span>} {s.name}
        </div>
      ),
    },
    { key: 'kind', header: 'Kind', render: (s) => <span className="muted">{s.kind}</span> },
    { key: 'duration', header: 'Duration', numeric: true, render: (s) => formatMs(s.durationMs) },
    { key: 'status', header: 'Status', render: (s) => <StatusCell span={s} /> },
    {
      key: 'trace',
      header: 'Trace',
      render: (s) => (
        <DataLink className="mono" href={traceHref(s.traceId, { spanId: s.spanId, ...range })} title={s.traceId}>
          {s.traceId.slice(0, 12)}…
        </DataLink>
      ),
    },
  ];
  return <DataTable rows={spans} columns={columns} rowKey={(s) => `${s.traceId}:${s.spanId}`} caption="Spans" />;
}
