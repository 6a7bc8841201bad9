import pg from 'pg';
import type { LedgerMapping } from '../../server/ledger-mapping';
import { parseTextLsn } from '../cdc/lsn';

/** A setup problem only the user can fix (wrong database, missing tables, a foreign slot). */
export class WalSetupError extends Error {}

export interface ReplicationSetup {
  database: string;
  /** Where the slot resumes: Postgres replays every transaction committed after this. */
  confirmedFlushLsn: bigint;
}

const DUPLICATE_OBJECT = '42710';

async function ensurePublication(client: pg.Client, mapping: LedgerMapping): Promise<void> {
  const { publication } = mapping.wal;
  const wanted = mapping.tables.map((t) => ({ schema: t.schema, table: t.table }));
  const missing: string[] = [];
  for (const t of wanted) {
    const { rows } = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [
      `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.table)}`,
    ]);
    if (!rows[0]?.oid) missing.push(`${t.schema}.${t.table}`);
  }
  if (missing.length > 0) {
    throw new WalSetupError(`the ledger tables ${missing.join(', ')} do not exist in database ${mapping.database} (see sightline.ledger.yaml)`);
  }
  // Identifiers cannot be bound as parameters in DDL; they are validated by the mapping's
  // schema and quoted by the driver.
  const name = (t: { schema: string; table: string }) => `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.table)}`;
  const exists = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (exists.rowCount === 0) {
    try {
      await client.query(`CREATE PUBLICATION ${client.escapeIdentifier(publication)} FOR TABLE ${wanted.map(name).join(', ')}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== DUPLICATE_OBJECT) throw err;
    }
  }
  const { rows } = await client.query<{ schemaname: string; tablename: string }>(
    'SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1',
    [publication],
  );
  const have = new Set(rows.map((r) => `${r.schemaname}.${r.tablename}`));
  const add = wanted.filter((t) => !have.has(`${t.schema}.${t.table}`));
  if (add.length > 0) await client.query(`ALTER PUBLICATION ${client.escapeIdentifier(publication)} ADD TABLE ${add.map(name).join(', ')}`);
}

async function ensureSlot(client: pg.Client, slot: string, database: string): Promise<bigint> {
  const find = () =>
    client.query<{ plugin: string; database: string; lsn: string }>(
      'SELECT plugin, database, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
  let row = (await find()).rows[0];
  if (!row) {
    try {
      await client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
    } catch (err) {
      if ((err as { code?: string }).code !== DUPLICATE_OBJECT) throw err;
    }
    row = (await find()).rows[0];
  }
  if (!row) throw new WalSetupError(`replication slot ${slot} could not be created`);
  if (row.plugin !== 'pgoutput' || row.database !== database) {
    throw new WalSetupError(
      `replication slot ${slot} exists for plugin ${row.plugin} in database ${row.database}; Sightline needs its own pgoutput slot in ${database} (set wal.slot in sightline.ledger.yaml)`,
    );
  }
  return parseTextLsn(row.lsn);
}

/**
 * Creates, if missing, the publication of the mapped payment tables and the logical slot
 * (pgoutput) the WAL source streams from. Idempotent, and safe when two processes race.
 */
export async function ensureReplication(connectionString: string, mapping: LedgerMapping): Promise<ReplicationSetup> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const database = rows[0]!.db;
    if (database !== mapping.database) {
      throw new WalSetupError(
        `SIGHTLINE_PG_URL connects to database "${database}" but the ledger mapping expects "${mapping.database}" (database in sightline.ledger.yaml)`,
      );
    }
    await ensurePublication(client, mapping);
    const confirmedFlushLsn = await ensureSlot(client, mapping.wal.slot, database);
    return { database, confirmedFlushLsn };
  } finally {
    await client.end();
  }
}
