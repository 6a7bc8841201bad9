import path from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { Config } from '../server/config';

export type ClickHouseMode = 'embedded' | 'server';

export interface Store {
  client: ClickHouseClient;
  mode: ClickHouseMode;
  /** Cluster name when migrations must create replicated tables ON CLUSTER. */
  cluster?: string;
}

const g = globalThis as unknown as { __sightlineStore?: Store };

/**
 * The same JSON shapes from chDB and from a server: 64-bit counters as numbers (counts stay far
 * below 2^53; read LSNs and other full-range 64-bit ids with toString() in SQL) and decimals
 * quoted, so money never passes through a float.
 */
const SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_decimals: 1,
} as const;

async function createEmbeddedClient(dataDir: string): Promise<ClickHouseClient> {
  const { createChdbConnection } = await import('chdb/connection');
  const connection = createChdbConnection({ path: path.resolve(dataDir, 'clickhouse') });
  // chdb builds its Connection against its own copy of @clickhouse/client-common; the shapes
  // are identical but TypeScript sees two distinct declarations.
  return createClient({
    connection: connection as unknown as ClickHouseClientConfigOptions['connection'],
    clickhouse_settings: SETTINGS,
  });
}

function createServerClient(cfg: Config): ClickHouseClient {
  return createClient({
    url: cfg.CLICKHOUSE_URL,
    username: cfg.CLICKHOUSE_USER,
    password: cfg.CLICKHOUSE_PASSWORD,
    database: cfg.CLICKHOUSE_DATABASE,
    request_timeout: 60_000,
    clickhouse_settings: SETTINGS,
  });
}

/**
 * The process-wide store. chDB locks its data directory per process and Next bundles modules
 * more than once, so the client lives on globalThis and is created exactly once.
 */
export async function openStore(cfg: Config): Promise<Store> {
  if (g.__sightlineStore) return g.__sightlineStore;
  const store: Store = cfg.CLICKHOUSE_URL
    ? { client: createServerClient(cfg), mode: 'server', cluster: cfg.CLICKHOUSE_CLUSTER }
    : { client: await createEmbeddedClient(cfg.SIGHTLINE_DATA_DIR), mode: 'embedded' };
  g.__sightlineStore = store;
  return store;
}

/** The store opened by the process entry point, if any. */
export function currentStore(): Store | undefined {
  return g.__sightlineStore;
}

export async function closeStore(): Promise<void> {
  const store = g.__sightlineStore;
  g.__sightlineStore = undefined;
  await store?.client.close();
}
