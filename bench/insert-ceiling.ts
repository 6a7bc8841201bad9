import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { closeStore, openStore } from '../clickhouse/client';
import { migrate } from '../clickhouse/migrate';
import { decodeOtlpTraces } from '../ingest/otlp/index';
import { requestHash } from '../ingest/request-dedup';
import type { SpanRow } from '../ingest/span-row';
import { parseConfig } from '../server/config';
import { perSecond } from './stats';
import { EXPORT_BATCH_SPANS } from './span-model';
import { SpanFactory } from './synthetic-spans';

/** The batcher's largest insert: the best case ingest can reach. */
const INSERT_ROWS = 100_000;

export interface CeilingResult {
  rows: number;
  insertRows: number;
  rowsPerSec: number;
}

/**
 * Exactly the rows ingest would store for the exporters' requests (same span generator, same
 * protobuf encoding and decoder, the request hash set as the traces handler sets it), built
 * outside the timing and inserted with JSONEachRow as the batcher does, into a second embedded
 * ClickHouse with the same migrations. This process may open only one chDB engine, so this
 * runs once per bench process.
 */
export async function insertCeiling(totalRows: number): Promise<CeilingResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-bench-ceiling-'));
  const store = await openStore(parseConfig({ SIGHTLINE_DATA_DIR: dataDir }));
  try {
    await migrate(store);
    const factory = new SpanFactory(1000);
    let inserted = 0;
    let insertMs = 0;
    while (inserted < totalRows) {
      const rows: SpanRow[] = [];
      while (rows.length < Math.min(INSERT_ROWS, totalRows - inserted)) {
        const body = ProtobufTraceSerializer.serializeRequest(factory.batch(EXPORT_BATCH_SPANS, Date.now()));
        if (!body) throw new Error('the OTLP serializer produced no body');
        const hash = requestHash('traces', 'protobuf', body);
        for (const row of decodeOtlpTraces(body, 'protobuf').rows) rows.push({ ...row, IngestRequest: hash });
      }
      const t0 = performance.now();
      await store.client.insert({ table: 'otel_traces', values: rows, format: 'JSONEachRow' });
      insertMs += performance.now() - t0;
      inserted += rows.length;
    }
    return { rows: inserted, insertRows: INSERT_ROWS, rowsPerSec: perSecond(inserted, insertMs) };
  } finally {
    await closeStore();
    await rm(dataDir, { recursive: true, force: true });
  }
}
