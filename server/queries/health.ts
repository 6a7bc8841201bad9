import type { Store } from '../../clickhouse/client';
import { demoStatus, type DemoStatus } from '../demo-status';
import { SIGHTLINE_VERSION } from '../health';
import { num, queryRows } from './run';

export interface HealthStatus {
  clickhouse: Store['mode'];
  version: string;
  clickhouseVersion: string;
  spans: number;
  /** 0 until the CDC migration has created `cdc_events`. */
  cdcEvents: number;
  /** The built-in demo platform's progress; absent when SIGHTLINE_DEMO=off. */
  demo?: DemoStatus;
}

/**
 * The last FINAL count per store with the active parts it was taken over. Every insert and every
 * merge replaces part names, so while they are the same the FINAL count (a scan of the sort key,
 * ~1 s per million events) still holds.
 */
const cdcCounts = new WeakMap<Store, { parts: string; events: number }>();

async function countCdcEvents(store: Store, engine: string): Promise<number> {
  // Redelivered events share an identity and collapse in a ReplacingMergeTree only on merge;
  // FINAL counts each event once even before that. The table name is fixed, not input.
  if (!engine.includes('Replacing')) return num((await queryRows<{ n: number | string }>(store, 'SELECT count() AS n FROM cdc_events'))[0]?.n);
  const [active] = await queryRows<{ parts: string }>(
    store,
    `SELECT arrayStringConcat(arraySort(groupArray(name)), ',') AS parts FROM system.parts
     WHERE database = currentDatabase() AND table = 'cdc_events' AND active`,
  );
  const parts = active?.parts ?? '';
  const cached = cdcCounts.get(store);
  if (cached?.parts === parts) return cached.events;
  const [final] = await queryRows<{ n: number | string }>(store, 'SELECT count() AS n FROM cdc_events FINAL');
  const events = num(final?.n);
  cdcCounts.set(store, { parts, events });
  return events;
}

export async function healthStatus(store: Store): Promise<HealthStatus> {
  const [row] = await queryRows<{ chVersion: string; spans: number | string; cdcEngine: string }>(
    store,
    `SELECT version() AS chVersion,
            (SELECT count() FROM otel_traces) AS spans,
            (SELECT any(engine) FROM system.tables WHERE database = currentDatabase() AND name = 'cdc_events') AS cdcEngine`,
  );
  const cdcEvents = row?.cdcEngine ? await countCdcEvents(store, row.cdcEngine) : 0;
  return {
    clickhouse: store.mode,
    version: SIGHTLINE_VERSION,
    clickhouseVersion: row?.chVersion ?? '',
    spans: num(row?.spans),
    cdcEvents,
    demo: demoStatus(),
  };
}
