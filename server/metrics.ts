import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sightline_process_' });
  const registers = [registry];
  return {
    registry,
    ingestRequests: new Counter({
      name: 'sightline_ingest_requests_total',
      help: 'Ingest HTTP requests by endpoint and response status',
      labelNames: ['endpoint', 'status'] as const,
      registers,
    }),
    ingestReceived: new Counter({
      name: 'sightline_ingest_received_items_total',
      help: 'Items (spans, events) received by ingest',
      labelNames: ['endpoint'] as const,
      registers,
    }),
    ingestAccepted: new Counter({
      name: 'sightline_ingest_accepted_items_total',
      help: 'Items durably inserted and acknowledged',
      labelNames: ['endpoint'] as const,
      registers,
    }),
    ingestRejected: new Counter({
      name: 'sightline_ingest_rejected_items_total',
      help: 'Items rejected, by reason',
      labelNames: ['endpoint', 'reason'] as const,
      registers,
    }),
    ingestRetried: new Counter({
      name: 'sightline_ingest_retried_requests_total',
      help: 'Requests whose body was already acknowledged earlier (client retries), answered without inserting again',
      labelNames: ['endpoint'] as const,
      registers,
    }),
    queueRows: new Gauge({
      name: 'sightline_ingest_queue_rows',
      help: 'Rows waiting to be inserted, per table',
      labelNames: ['table'] as const,
      registers,
    }),
    batchRows: new Histogram({
      name: 'sightline_ingest_batch_rows',
      help: 'Rows per ClickHouse insert',
      labelNames: ['table'] as const,
      buckets: [10, 100, 1000, 5000, 20000, 50000, 100000, 250000],
      registers,
    }),
    insertSeconds: new Histogram({
      name: 'sightline_ingest_insert_seconds',
      help: 'ClickHouse insert latency',
      labelNames: ['table'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'sightline_ingest_ack_seconds',
      help: 'Time from request received to acknowledgement',
      labelNames: ['endpoint'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    cdcDuplicates: new Counter({
      name: 'sightline_cdc_duplicate_events_total',
      help: 'Change and transaction events dropped because their identity was already stored (redelivery, retry, WAL replay)',
      labelNames: ['source'] as const,
      registers,
    }),
    walConnected: new Gauge({
      name: 'sightline_wal_connected',
      help: '1 while the Postgres logical replication stream is open',
      labelNames: ['slot'] as const,
      registers,
    }),
    walLagBytes: new Gauge({
      name: 'sightline_wal_lag_bytes',
      help: "Bytes of WAL between the server's current position and the slot's confirmed_flush_lsn",
      labelNames: ['slot'] as const,
      registers,
    }),
    walConfirmedLsn: new Gauge({
      name: 'sightline_wal_confirmed_lsn',
      help: 'Last LSN acknowledged to Postgres after its transaction was stored (a float: exact above 2^53 only in walStatus())',
      labelNames: ['slot'] as const,
      registers,
    }),
    walReceivedLsn: new Gauge({
      name: 'sightline_wal_received_lsn',
      help: 'Last LSN received from the replication stream',
      labelNames: ['slot'] as const,
      registers,
    }),
    walReconnects: new Counter({
      name: 'sightline_wal_reconnects_total',
      help: 'Replication stream restarts after an error',
      labelNames: ['slot'] as const,
      registers,
    }),
    querySeconds: new Histogram({
      name: 'sightline_query_seconds',
      help: 'tRPC procedure latency',
      labelNames: ['procedure'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const g = globalThis as unknown as { __sightlineMetrics?: Metrics };

/** One registry per process, shared by the ingest listener and the Next route handlers. */
export function metrics(): Metrics {
  g.__sightlineMetrics ??= createMetrics();
  return g.__sightlineMetrics;
}
