import type { Store } from '../../clickhouse/client';

/** Query parameters, bound server-side by ClickHouse as `{name:Type}`; never spliced into SQL. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | readonly number[]>;

/** Runs one parameterised SELECT and returns its rows. */
export async function queryRows<Row>(store: Store, query: string, params: QueryParams = {}): Promise<Row[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<Row>();
}

/**
 * 64-bit integers arrive as JSON strings from a ClickHouse server but as numbers from chDB;
 * every count goes through here so both modes read the same.
 */
export function num(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Nanoseconds (possibly null for an empty group) to milliseconds. */
export function nsToMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = num(value);
  return Number.isFinite(n) ? n / 1e6 : null;
}

/** bad/total, 0 when there were no calls (the UI shows the call count next to it). */
export function ratio(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}
