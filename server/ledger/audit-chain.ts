import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain (pure): each row's hash covers the previous row's hash and every
 * field of its own, so editing, deleting, inserting or reordering any row breaks every link after it.
 */

export interface AuditEntry {
  seq: number;
  atMs: number;
  actor: string;
  action: string;
  target: string;
  /** JSON text. */
  detail: string;
}

export interface ChainedEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** The chain's anchor: what the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(e: AuditEntry, prevHash: string): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.seq, e.atMs, e.actor, e.action, e.target, e.detail]))
    .digest('hex');
}

export function chain(e: AuditEntry, prevHash: string): ChainedEntry {
  return { ...e, prevHash, hash: entryHash(e, prevHash) };
}

export type ChainVerdict = { ok: true; rows: number; headHash: string } | { ok: false; rows: number; brokenAtSeq: number; reason: string };

/** Checks the rows in Seq order: consecutive numbers from 1, each linked to the one before, each hash recomputed. */
export function verifyChain(rows: readonly ChainedEntry[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const fail = (reason: string): ChainVerdict => ({ ok: false, rows: rows.length, brokenAtSeq: r.seq, reason });
    if (r.seq !== i + 1) return fail(`row ${i + 1} has sequence number ${r.seq}: a row is missing or duplicated`);
    if (r.prevHash !== prev) return fail(`row ${r.seq} does not link to the hash of row ${r.seq - 1}`);
    if (entryHash(r, r.prevHash) !== r.hash) return fail(`row ${r.seq}'s content does not match its hash: it was altered`);
    prev = r.hash;
  }
  return { ok: true, rows: rows.length, headHash: prev };
}
