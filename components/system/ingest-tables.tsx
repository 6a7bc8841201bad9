'use client';

import type { ReactNode } from 'react';
import type { RouterOutputs } from '../api-types';
import { DataTable, type Column } from '../data-table';
import { formatBytes, formatCount, formatMs } from '../format';

type Overview = RouterOutputs['system']['overview'];
type Ingest = Overview['ingest'];
type Latency = Ingest['queries'][number];

function latencyColumns<Row extends Omit<Latency, 'procedure'>>(): Column<Row>[] {
  return [
    { key: 'count', header: 'Count', numeric: true, sortValue: (r) => r.count, render: (r) => formatCount(r.count) },
    { key: 'mean', header: 'Mean', numeric: true, sortValue: (r) => r.meanMs, render: (r) => formatMs(r.meanMs) },
    { key: 'p50', header: 'p50', numeric: true, sortValue: (r) => r.p50Ms, render: (r) => formatMs(r.p50Ms) },
    { key: 'p95', header: 'p95', numeric: true, sortValue: (r) => r.p95Ms, render: (r) => formatMs(r.p95Ms) },
  ];
}

function Panel({ title, hint, empty, children }: { title: string; hint?: string; empty: boolean; children: ReactNode }) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        {hint && <span className="hint">{hint}</span>}
      </div>
      {empty ? <div className="state">Nothing recorded by this process yet.</div> : children}
    </section>
  );
}

export function IngestTables({ ingest }: { ingest: Ingest }) {
  const endpoints: Column<Ingest['endpoints'][number]>[] = [
    { key: 'endpoint', header: 'Endpoint', sortValue: (r) => r.endpoint, render: (r) => <span className="mono">{r.endpoint}</span> },
    { key: 'received', header: 'Received', numeric: true, sortValue: (r) => r.received, render: (r) => formatCount(r.received) },
    { key: 'accepted', header: 'Accepted', numeric: true, sortValue: (r) => r.accepted, render: (r) => formatCount(r.accepted) },
    { key: 'rejected', header: 'Rejected', numeric: true, sortValue: (r) => r.rejected, render: (r) => <span className={r.rejected ? 'bad' : undefined}>{formatCount(r.rejected)}</span> },
    { key: 'retried', header: 'Retried requests', numeric: true, sortValue: (r) => r.retried, render: (r) => formatCount(r.retried) },
  ];
  const requests: Column<Ingest['requests'][number]>[] = [
    { key: 'endpoint', header: 'Endpoint', render: (r) => <span className="mono">{r.endpoint}</span> },
    { key: 'status', header: 'HTTP status', render: (r) => <span className={Number(r.status) >= 400 ? 'bad' : undefined}>{r.status}</span> },
    { key: 'count', header: 'Requests', numeric: true, sortValue: (r) => r.count, render: (r) => formatCount(r.count) },
  ];
  const reasons: Column<Ingest['rejectedByReason'][number]>[] = [
    { key: 'reason', header: 'Reason', render: (r) => r.reason },
    { key: 'count', header: 'Items', numeric: true, render: (r) => formatCount(r.count) },
  ];
  const queue: Column<Ingest['queue'][number]>[] = [
    { key: 'table', header: 'Table', render: (r) => <span className="mono">{r.table}</span> },
    { key: 'rows', header: 'Rows waiting', numeric: true, render: (r) => formatCount(r.rows) },
  ];
  const batches: Column<Ingest['batches'][number]>[] = [
    { key: 'table', header: 'Table', render: (r) => <span className="mono">{r.table}</span> },
    { key: 'inserts', header: 'Inserts', numeric: true, render: (r) => formatCount(r.inserts) },
    { key: 'rows', header: 'Rows', numeric: true, render: (r) => formatCount(r.rows) },
    { key: 'mean', header: 'Mean rows', numeric: true, render: (r) => (r.meanRows === null ? '–' : formatCount(Math.round(r.meanRows))) },
    { key: 'p50', header: 'p50 rows', numeric: true, render: (r) => (r.p50Rows === null ? '–' : formatCount(Math.round(r.p50Rows))) },
    { key: 'p95', header: 'p95 rows', numeric: true, render: (r) => (r.p95Rows === null ? '–' : formatCount(Math.round(r.p95Rows))) },
  ];
  const inserts: Column<Ingest['inserts'][number]>[] = [
    { key: 'table', header: 'Table', render: (r) => <span className="mono">{r.table}</span> },
    ...latencyColumns<Ingest['inserts'][number]>(),
  ];
  const acks: Column<Ingest['acks'][number]>[] = [
    { key: 'endpoint', header: 'Endpoint', render: (r) => <span className="mono">{r.endpoint}</span> },
    ...latencyColumns<Ingest['acks'][number]>(),
  ];
  const queries: Column<Latency>[] = [
    { key: 'procedure', header: 'Procedure', sortValue: (r) => r.procedure, render: (r) => <span className="mono">{r.procedure}</span> },
    ...latencyColumns<Latency>(),
  ];
  return (
    <>
      <div className="grid-2">
        <Panel title="Ingest by endpoint" hint="items since process start" empty={ingest.endpoints.length === 0}>
          <DataTable rows={ingest.endpoints} columns={endpoints} rowKey={(r) => r.endpoint} />
        </Panel>
        <Panel title="Requests by status" empty={ingest.requests.length === 0}>
          <DataTable rows={ingest.requests} columns={requests} rowKey={(r) => `${r.endpoint}/${r.status}`} />
        </Panel>
      </div>
      <div className="grid-3">
        <Panel title="Queue" hint="rows waiting to be inserted" empty={ingest.queue.length === 0}>
          <DataTable rows={ingest.queue} columns={queue} rowKey={(r) => r.table} />
        </Panel>
        <Panel title="Rejected items" empty={ingest.rejectedByReason.length === 0}>
          <DataTable rows={ingest.rejectedByReason} columns={reasons} rowKey={(r) => r.reason} />
        </Panel>
        <Panel title="Insert batch sizes" empty={ingest.batches.length === 0}>
          <DataTable rows={ingest.batches} columns={batches} rowKey={(r) => r.table} />
        </Panel>
      </div>
      <div className="grid-3">
        <Panel title="Insert latency" hint="ClickHouse inserts" empty={ingest.inserts.length === 0}>
          <DataTable rows={ingest.inserts} columns={inserts} rowKey={(r) => r.table} />
        </Panel>
        <Panel title="Acknowledgement latency" hint="request received → answered" empty={ingest.acks.length === 0}>
          <DataTable rows={ingest.acks} columns={acks} rowKey={(r) => r.endpoint} />
        </Panel>
        <Panel title="Query latency" hint="tRPC procedures" empty={ingest.queries.length === 0}>
          <DataTable rows={ingest.queries} columns={queries} rowKey={(r) => r.procedure} initialSort={{ key: 'p95', desc: true }} />
        </Panel>
      </div>
    </>
  );
}

export function StorageTable({ storage }: { storage: Overview['storage'] }) {
  type Row = Overview['storage'][number];
  const columns: Column<Row>[] = [
    { key: 'table', header: 'Table', sortValue: (r) => r.table, render: (r) => <span className="mono">{r.table}</span> },
    { key: 'rows', header: 'Rows', numeric: true, sortValue: (r) => r.rows, render: (r) => formatCount(r.rows) },
    { key: 'disk', header: 'On disk', numeric: true, sortValue: (r) => r.bytesOnDisk, render: (r) => formatBytes(r.bytesOnDisk) },
    { key: 'raw', header: 'Uncompressed', numeric: true, sortValue: (r) => r.uncompressedBytes, render: (r) => formatBytes(r.uncompressedBytes) },
    {
      key: 'ratio',
      header: 'Compression',
      numeric: true,
      sortValue: (r) => (r.bytesOnDisk ? r.uncompressedBytes / r.bytesOnDisk : null),
      render: (r) => (r.bytesOnDisk ? `${(r.uncompressedBytes / r.bytesOnDisk).toFixed(1)}×` : '–'),
    },
    { key: 'parts', header: 'Parts', numeric: true, sortValue: (r) => r.parts, render: (r) => formatCount(r.parts) },
  ];
  return <DataTable rows={storage} columns={columns} rowKey={(r) => r.table} initialSort={{ key: 'disk', desc: true }} />;
}
