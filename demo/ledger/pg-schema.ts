import type pg from 'pg';
import type { LedgerTableName } from '../../server/ledger-tables';

/**
 * SPEC §5.5's payment tables for the Postgres transport, created when missing. REPLICA IDENTITY
 * FULL makes the WAL carry whole old rows on update and delete: the evidence an auditor reads
 * for a mutated journal entry or a settlement that moved back from CANCELLED.
 */

const TABLES: Record<LedgerTableName, string> = {
  orders: `id bigint PRIMARY KEY, user_id bigint NOT NULL, group_id bigint NOT NULL, merchant_id bigint NOT NULL,
    region text NOT NULL, amount numeric(18, 4) NOT NULL, currency text NOT NULL, status text NOT NULL,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL`,
  payments: `id bigint PRIMARY KEY, order_id bigint NOT NULL, amount numeric(18, 4) NOT NULL, currency text NOT NULL,
    channel text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL`,
  refunds: `id bigint PRIMARY KEY, payment_id bigint NOT NULL, order_id bigint NOT NULL, amount numeric(18, 4) NOT NULL,
    currency text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL`,
  journal_entries: `id bigint PRIMARY KEY, txn_id text NOT NULL, account text NOT NULL, direction char(1) NOT NULL,
    amount numeric(18, 4) NOT NULL, currency text NOT NULL, ref_type text NOT NULL, ref_id text NOT NULL,
    created_at timestamptz NOT NULL`,
  settlements: `id bigint PRIMARY KEY, order_id bigint NOT NULL, merchant_id bigint NOT NULL, amount numeric(18, 4) NOT NULL,
    currency text NOT NULL, tcc_state text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL`,
};

export const PG_SCHEMA = 'public';

/**
 * The demo's resume point lives next to the data it describes, in its own schema outside the
 * publication: committed in the same transaction as each change, it can never disagree with it.
 */
export const PROGRESS_TABLE = 'sightline_demo.ledger_progress';

export async function ensurePaymentSchema(client: pg.Client): Promise<string[]> {
  const created: string[] = [];
  for (const [table, columns] of Object.entries(TABLES)) {
    const name = `${PG_SCHEMA}.${client.escapeIdentifier(table)}`;
    const { rows } = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [name]);
    if (rows[0]?.oid) continue; // a table the user already has is theirs: leave it as it is
    await client.query(`CREATE TABLE IF NOT EXISTS ${name} (${columns}); ALTER TABLE ${name} REPLICA IDENTITY FULL`);
    created.push(table);
  }
  await client.query(
    `CREATE SCHEMA IF NOT EXISTS sightline_demo;
     CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (id int PRIMARY KEY CHECK (id = 1), seed bigint NOT NULL,
       history_start_ms bigint NOT NULL, send_us bigint NOT NULL, lsn numeric(20, 0) NOT NULL)`,
  );
  return created;
}
