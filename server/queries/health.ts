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

export async function healthStatus(store: Store): Promise<HealthStatus> {
  const [row] = await queryRows<{ chVersion: string; spans: number | string; cdcEngine: string }>(
    store,
    `SELECT version() AS chVersion,
            (SELECT count() FROM otel_traces) AS spans,
            (SELECT any(engine) FROM system.tables WHERE database = currentDatabase() AND name = 'cdc_events') AS cdcEngine`,
  );
  let cdcEvents = 0;
  if (row?.cdcEngine) {
    // Redelivered events share an identity and collapse in a ReplacingMergeTree only on merge;
    // FINAL counts each event once even before that. The table name is fixed, not input.
    const final = row.cdcEngine.includes('Replacing') ? ' FINAL' : '';
    const [cdc] = await queryRows<{ n: number | string }>(store, `SELECT count() AS n FROM cdc_events${final}`);
    cdcEvents = num(cdc?.n);
  }
  return {
    clickhouse: store.mode,
    version: SIGHTLINE_VERSION,
    clickhouseVersion: row?.chVersion ?? '',
    spans: num(row?.spans),
    cdcEvents,
    demo: demoStatus(),
  };
}
