import type { Store } from '../clickhouse/client';

const g = globalThis as unknown as { __sightlineReady?: boolean; __sightlineStartedAt?: number };

export const SIGHTLINE_VERSION = '0.1.0';

/** Called once migrations have run; health endpoints answer 503 until then. */
export function markReady(): void {
  g.__sightlineReady = true;
  g.__sightlineStartedAt ??= Date.now();
}

export function isReady(): boolean {
  return g.__sightlineReady === true;
}

export interface HealthReport {
  status: 'ok' | 'starting';
  clickhouse: 'embedded' | 'server' | 'unavailable';
  version: string;
  clickhouseVersion?: string;
  uptimeSeconds: number;
}

export async function healthReport(store: Store | undefined): Promise<HealthReport> {
  const base = { version: SIGHTLINE_VERSION, uptimeSeconds: g.__sightlineStartedAt ? Math.round((Date.now() - g.__sightlineStartedAt) / 1000) : 0 };
  if (!store || !isReady()) return { ...base, status: 'starting', clickhouse: store?.mode ?? 'unavailable' };
  const rs = await store.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
  const [row] = await rs.json<{ v: string }>();
  return { ...base, status: 'ok', clickhouse: store.mode, clickhouseVersion: row?.v };
}
