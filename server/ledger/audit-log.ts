import type { Store } from '../../clickhouse/client';
import { formatMicros } from '../../ingest/cdc/timestamps';
import { num, queryRows } from '../queries/run';
import { chain, GENESIS_HASH, verifyChain, type ChainedEntry, type ChainVerdict } from './audit-chain';

/** audit_log in ClickHouse: appends serialised within the process, reads, and verification. */

/** Reviews and exports of ledger data, and every sign-in attempt (who came in, and who tried). */
export type AuditAction = 'acknowledge' | 'resolve' | 'export' | 'sign_in' | 'sign_in_failed';

const COLUMNS = `Seq, toUnixTimestamp64Milli(At) AS AtMs, Actor, Action, Target, Detail, PrevHash, Hash`;

interface AuditRow {
  Seq: number | string;
  AtMs: number | string;
  Actor: string;
  Action: string;
  Target: string;
  Detail: string;
  PrevHash: string;
  Hash: string;
}

const fromRow = (r: AuditRow): ChainedEntry => ({
  seq: num(r.Seq),
  atMs: num(r.AtMs),
  actor: r.Actor,
  action: r.Action,
  target: r.Target,
  detail: r.Detail,
  prevHash: r.PrevHash,
  hash: r.Hash,
});

// Appends are chained to the last row, so two at once would fork the chain: one at a time.
const g = globalThis as unknown as { __sightlineAuditQueue?: Promise<unknown> };

async function head(store: Store): Promise<{ seq: number; hash: string }> {
  const [row] = await queryRows<{ Seq: number | string; Hash: string }>(store, 'SELECT Seq, Hash FROM audit_log ORDER BY Seq DESC LIMIT 1');
  return row ? { seq: num(row.Seq), hash: row.Hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Appends one row linked to the current head; resolves once it is stored. */
export function appendAudit(store: Store, entry: { actor: string; action: AuditAction; target: string; detail: Record<string, unknown> }, nowMs = Date.now()): Promise<ChainedEntry> {
  const run = async (): Promise<ChainedEntry> => {
    const last = await head(store);
    const row = chain({ seq: last.seq + 1, atMs: nowMs, actor: entry.actor, action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail) }, last.hash);
    await store.client.insert({
      table: 'audit_log',
      format: 'JSONEachRow',
      values: [
        {
          Seq: row.seq,
          At: formatMicros(BigInt(row.atMs) * 1000n),
          Actor: row.actor,
          Action: row.action,
          Target: row.target,
          Detail: row.detail,
          PrevHash: row.prevHash,
          Hash: row.hash,
        },
      ],
    });
    return row;
  };
  const next = (g.__sightlineAuditQueue ?? Promise.resolve()).then(run, run);
  g.__sightlineAuditQueue = next.catch(() => undefined);
  return next;
}

/** Newest first, `limit` rows before sequence number `beforeSeq` (paging). */
export async function auditRows(store: Store, opts: { limit: number; beforeSeq?: number; target?: string }): Promise<ChainedEntry[]> {
  const rows = await queryRows<AuditRow>(
    store,
    `SELECT ${COLUMNS} FROM audit_log
     WHERE Seq < {before:UInt64} AND ({target:String} = '' OR Target = {target:String})
     ORDER BY Seq DESC LIMIT {limit:UInt32}`,
    { before: opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, target: opts.target ?? '', limit: opts.limit },
  );
  return rows.map(fromRow);
}

/** Reads the whole chain and checks every link. */
export async function verifyAuditLog(store: Store): Promise<ChainVerdict> {
  const rows = await queryRows<AuditRow>(store, `SELECT ${COLUMNS} FROM audit_log ORDER BY Seq`);
  return verifyChain(rows.map(fromRow));
}
