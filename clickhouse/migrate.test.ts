import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forCluster, loadMigrations, migrate, splitStatements } from './migrate';
import { openTestStore } from './test-store';
import type { Store } from './client';

describe('splitStatements', () => {
  it('drops comment lines and splits on line-ending semicolons', () => {
    const sql = "-- a comment; not a split\nCREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory;\n\nSELECT 1;\n";
    expect(splitStatements(sql)).toEqual(["CREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory", 'SELECT 1']);
  });
});

describe('forCluster', () => {
  it('adds ON CLUSTER and replicated engines', () => {
    const out = forCluster('CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = AggregatingMergeTree ORDER BY x', 'main');
    expect(out).toBe(
      "CREATE TABLE IF NOT EXISTS t ON CLUSTER main (x UInt8) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY x",
    );
    expect(forCluster('CREATE TABLE IF NOT EXISTS r (x UInt8, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY x', 'main')).toBe(
      "CREATE TABLE IF NOT EXISTS r ON CLUSTER main (x UInt8, v UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', v) ORDER BY x",
    );
    expect(forCluster('CREATE MATERIALIZED VIEW IF NOT EXISTS v TO t AS SELECT 1', 'c')).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS v ON CLUSTER c TO t AS SELECT 1',
    );
    expect(forCluster("ALTER TABLE t ADD COLUMN IF NOT EXISTS c String DEFAULT ''", 'c')).toBe(
      "ALTER TABLE t ON CLUSTER c ADD COLUMN IF NOT EXISTS c String DEFAULT ''",
    );
  });
});

describe('migrate (embedded ClickHouse)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore());
  });
  afterAll(async () => cleanup());

  it('applies every migration once and records it', async () => {
    const files = await loadMigrations();
    const rs = await store.client.query({ query: 'SELECT Version FROM schema_migrations FINAL ORDER BY Version', format: 'JSONEachRow' });
    expect((await rs.json<{ Version: number }>()).map((r) => r.Version)).toEqual(files.map((f) => f.version));
    expect((await migrate(store)).applied).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const files = await loadMigrations();
    const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: 'changed' } : f));
    await expect(migrate(store, edited)).rejects.toThrow(/0001_otel_traces was changed after it was applied/);
  });

  it('rolls spans up per minute with the bad-call rules and slow counts', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60;
    const span = (i: number, status: string, attrs: Record<string, string>, durationMs: number) => ({
      Timestamp: `${minute + (i % 50)}.000000001`,
      TraceId: `${'a'.repeat(24)}${String(i).padStart(8, '0')}`,
      SpanId: String(i).padStart(16, '0'),
      SpanName: 'GET /cart',
      SpanKind: 'Server',
      ServiceName: 'rollup-svc',
      ResourceAttributes: { 'cloud.region': 'cn-east-1', 'cloud.availability_zone': 'cn-east-1a', 'service.version': '1.0.0' },
      SpanAttributes: { 'http.route': '/cart', ...attrs },
      Duration: durationMs * 1_000_000,
      StatusCode: status,
    });
    const rows = [
      span(1, 'Unset', { 'http.response.status_code': '200' }, 50),
      span(2, 'Error', {}, 150),
      span(3, 'Unset', { 'http.response.status_code': '503' }, 400),
      span(4, 'Unset', { 'http.response.status_code': '404' }, 1200),
      span(5, 'Unset', { 'rpc.grpc.status_code': '14' }, 20),
      span(6, 'Unset', { 'rpc.grpc.status_code': '5' }, 20),
    ];
    // Two inserts: the rollup must merge partial aggregates of the same minute.
    await store.client.insert({ table: 'otel_traces', values: rows.slice(0, 3), format: 'JSONEachRow' });
    await store.client.insert({ table: 'otel_traces', values: rows.slice(3), format: 'JSONEachRow' });
    const rs = await store.client.query({
      query: `SELECT Operation, Region, Az, Version, sum(Calls) AS calls, sum(Errors) AS errors, sum(DurationSumNs) AS dur,
                     sum(SlowOver100ms) AS s100, sum(SlowOver300ms) AS s300, sum(SlowOver1s) AS s1000
              FROM span_rollup_1m WHERE ServiceName = {svc:String} GROUP BY ALL`,
      query_params: { svc: 'rollup-svc' },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { Operation: '/cart', Region: 'cn-east-1', Az: 'cn-east-1a', Version: '1.0.0', calls: 6, errors: 3, dur: 1840 * 1_000_000, s100: 3, s300: 2, s1000: 1 },
    ]);
    const lookup = await store.client.query({
      query: 'SELECT count() AS n FROM otel_traces_trace_id_ts WHERE TraceId = {id:String}',
      query_params: { id: rows[0]!.TraceId },
      format: 'JSONEachRow',
    });
    expect(await lookup.json()).toEqual([{ n: 1 }]);
  });
});
