import pg from 'pg';
import { SendStopped } from './cdc-sender';
import { ensurePaymentSchema, PG_SCHEMA, PROGRESS_TABLE } from './pg-schema';
import { LedgerSinkFatal, type LedgerSink, type ResumePoint } from './sink';
import type { Row, RowChange, SourceTxn } from './source-txn';

/**
 * The Postgres transport: each source transaction becomes a real SQL transaction in
 * SIGHTLINE_PG_URL, so Sightline's WAL reader (or a Debezium connector) sees genuine commits.
 * Each transaction also records itself as the resume point, so a restart neither repeats nor
 * skips one.
 */

export interface PgSinkOptions {
  connectionString: string;
  seed: number;
  log: (msg: string) => void;
}

const SLOT_WAIT_LOG_INTERVAL_MS = 30_000;
const SLOT_POLL_MS = 500;

function literal(client: pg.Client, value: Row[string]): string {
  if (value === null) return 'NULL';
  return typeof value === 'number' ? String(value) : client.escapeLiteral(value);
}

function statement(client: pg.Client, change: RowChange): string {
  const table = `${PG_SCHEMA}.${client.escapeIdentifier(change.table)}`;
  if (change.op === 'c') {
    const row = change.after!;
    const columns = Object.keys(row);
    return `INSERT INTO ${table} (${columns.map((c) => client.escapeIdentifier(c)).join(', ')}) VALUES (${columns.map((c) => literal(client, row[c] ?? null)).join(', ')})`;
  }
  const id = literal(client, change.before!.id ?? null);
  if (change.op === 'd') return `DELETE FROM ${table} WHERE id = ${id}`;
  const after = change.after!;
  const set = Object.keys(after)
    .filter((c) => c !== 'id' && after[c] !== change.before![c])
    .map((c) => `${client.escapeIdentifier(c)} = ${literal(client, after[c] ?? null)}`);
  return `UPDATE ${table} SET ${set.join(', ')} WHERE id = ${id}`;
}

export class PgSink implements LedgerSink {
  readonly transport = 'postgres';
  private client: pg.Client | undefined;
  private stopped = false;

  constructor(private readonly opts: PgSinkOptions) {}

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.opts.connectionString, application_name: 'sightline-demo-ledger' });
    // A dropped connection emits 'error' outside any query; unhandled it would crash the host.
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      // Many small commits: a Postgres crash may lose the last few, but with their progress row,
      // so the demo redoes exactly those.
      await client.query('SET synchronous_commit = off');
      const created = await ensurePaymentSchema(client);
      if (created.length > 0) this.opts.log(`ledger demo: created ${created.map((t) => `${PG_SCHEMA}.${t}`).join(', ')}`);
      await this.awaitSlot(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  /**
   * Changes committed before a logical slot exists are never decoded: until the WAL reader (or
   * a Debezium connector) has its slot, writing would lose the history it is meant to see.
   */
  private async awaitSlot(client: pg.Client): Promise<void> {
    let lastLog = -Infinity;
    for (;;) {
      // A slot being created is listed before it has found its consistent point; commits made
      // meanwhile are not decoded. confirmed_flush_lsn is set once it has.
      const { rows } = await client.query(
        "SELECT 1 FROM pg_replication_slots WHERE slot_type = 'logical' AND database = current_database() AND confirmed_flush_lsn IS NOT NULL",
      );
      if (rows.length > 0) return;
      if (this.stopped) throw new SendStopped();
      if (performance.now() - lastLog > SLOT_WAIT_LOG_INTERVAL_MS) {
        lastLog = performance.now();
        this.opts.log('ledger demo: waiting for a logical replication slot on the payment database (the WAL reader creates it)');
      }
      await new Promise((resolve) => setTimeout(resolve, SLOT_POLL_MS));
    }
  }

  async resume(): Promise<ResumePoint | undefined> {
    const { seed } = this.opts;
    const client = await this.connection();
    const { rows } = await client.query<{ seed: string; history_start_ms: string; send_us: string; lsn: string }>(
      `SELECT seed, history_start_ms, send_us, lsn FROM ${PROGRESS_TABLE} WHERE id = 1`,
    );
    const saved = rows[0];
    if (!saved) return undefined;
    if (Number(saved.seed) !== seed) {
      throw new LedgerSinkFatal(
        `the payment database holds the ledger of demo seed ${saved.seed}, not ${seed}: its ids would collide; run with seed ${saved.seed} or empty the five tables and ${PROGRESS_TABLE}`,
      );
    }
    const sendUs = Number(saved.send_us);
    return { historyStartMs: Number(saved.history_start_ms), cursorMs: Math.floor(sendUs / 1000), after: { sendUs, lsn: BigInt(saved.lsn) } };
  }

  async deliver(txns: readonly SourceTxn[], historyStartMs: number, durable: (txn: SourceTxn, sourceTxId?: string) => void): Promise<void> {
    for (const txn of txns) {
      if (this.stopped) throw new SendStopped();
      const client = await this.connection();
      const sql = txn.changes.map((c) => statement(client, c));
      sql.push(
        `INSERT INTO ${PROGRESS_TABLE} (id, seed, history_start_ms, send_us, lsn) VALUES (1, ${this.opts.seed}, ${historyStartMs}, ${txn.sendUs}, ${txn.lsn})
         ON CONFLICT (id) DO UPDATE SET seed = EXCLUDED.seed, history_start_ms = EXCLUDED.history_start_ms, send_us = EXCLUDED.send_us, lsn = EXCLUDED.lsn`,
      );
      // The truth names the real xid only where there is a break to name.
      if (txn.breaks.length > 0) sql.push('SELECT (txid_current() % 4294967296)::text AS xid');
      // One simple-protocol query: Postgres runs its statements as one transaction.
      // node-postgres answers a multi-statement query with one result per statement.
      const results = (await client.query(sql.join(';\n'))) as unknown as pg.QueryResult<{ xid?: string }>[];
      const xid = txn.breaks.length > 0 ? results.at(-1)?.rows[0]?.xid : undefined;
      durable(txn, xid);
    }
  }

  async checkpoint(): Promise<void> {
    // Each transaction committed its own resume point.
  }

  stop(): void {
    this.stopped = true;
  }

  async close(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
