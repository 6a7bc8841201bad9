import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Store } from './client';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

/** Splits a migration file into statements; `--` comments are dropped, `;` at line end separates. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Cluster mode: the same DDL, created ON CLUSTER with replicated engines. Only the engine clause
 * and the ON CLUSTER marker differ between modes, so one set of migration files serves both.
 */
export function forCluster(statement: string, cluster: string): string {
  return statement
    .replace(
      /^(CREATE (?:TABLE|MATERIALIZED VIEW) IF NOT EXISTS [A-Za-z0-9_]+|ALTER TABLE [A-Za-z0-9_]+)/,
      `$1 ON CLUSTER ${cluster}`,
    )
    .replace(
      // Engine arguments (a ReplacingMergeTree's version column) follow the replication path.
      /ENGINE = (Replacing|Aggregating|Summing)?MergeTree\b(?:\(([^)]*)\))?/,
      (_m, kind: string | undefined, args: string | undefined) =>
        `ENGINE = Replicated${kind ?? ''}MergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}'${args?.trim() ? `, ${args.trim()}` : ''})`,
    );
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(sql).digest('hex'),
        statements: splitStatements(sql),
      };
    }),
  );
}

/** Applies pending migrations in order and records each in schema_migrations. */
export async function migrate(store: Store, migrations?: Migration[]): Promise<{ applied: string[] }> {
  const { client, cluster } = store;
  const all = migrations ?? (await loadMigrations());
  const prep = (s: string) => (cluster ? forCluster(s, cluster) : s);
  await client.command({
    query: prep(`CREATE TABLE IF NOT EXISTS schema_migrations
      (Version UInt32, Name String, Checksum String, AppliedAt DateTime64(3) DEFAULT now64(3))
      ENGINE = ReplacingMergeTree ORDER BY Version`),
  });
  const rs = await client.query({
    query: 'SELECT Version, Checksum FROM schema_migrations FINAL',
    format: 'JSONEachRow',
  });
  const done = new Map((await rs.json<{ Version: number; Checksum: string }>()).map((r) => [Number(r.Version), r.Checksum]));
  const applied: string[] = [];
  for (const m of all) {
    const recorded = done.get(m.version);
    if (recorded !== undefined) {
      if (recorded !== m.checksum) {
        throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    for (const statement of m.statements) {
      await client.command({ query: prep(statement) });
    }
    await client.insert({
      table: 'schema_migrations',
      values: [{ Version: m.version, Name: m.name, Checksum: m.checksum }],
      format: 'JSONEachRow',
    });
    applied.push(m.name);
  }
  return { applied };
}
