import { createHash } from 'node:crypto';
import type { BreakKind } from './break-kinds';
import type { Finding } from './ledger-change';

/** A break as stored: its current state and what it showed when last written. */
export interface StoredBreak {
  breakId: string;
  kind: BreakKind;
  refType: string;
  refId: string;
  txnId: string;
  amount: string | null;
  currency: string;
  occurredMs: number;
  firstSeenMs: number;
  state: 'open' | 'healed';
  stateChangedMs: number;
  detail: string;
  evidence: string[];
}

export type BreakChangeKind = 'opened' | 'healed' | 'reopened' | 'updated';

export interface BreakChange {
  breakId: string;
  atMs: number;
  change: BreakChangeKind;
  detail: string;
}

/** A break's identity: its kind and business reference. */
export function breakId(kind: string, refType: string, refId: string): string {
  return createHash('sha256').update(JSON.stringify([kind, refType, refId])).digest('hex').slice(0, 24);
}

function sameEvidence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * What to write after reconciling some references: `stored` are their breaks as stored,
 * `found` the breaks they have now. New breaks open, vanished ones heal (and stay, healed), healed
 * ones that are back reopen keeping their first sighting.
 */
export function diffBreaks(stored: readonly StoredBreak[], found: readonly Finding[], nowMs: number): { rows: StoredBreak[]; changes: BreakChange[] } {
  const byId = new Map(stored.map((s) => [s.breakId, s]));
  const rows: StoredBreak[] = [];
  const changes: BreakChange[] = [];
  const present = new Set<string>();
  for (const f of found) {
    const id = breakId(f.kind, f.refType, f.refId);
    present.add(id);
    const s = byId.get(id);
    const row: StoredBreak = {
      breakId: id,
      kind: f.kind,
      refType: f.refType,
      refId: f.refId,
      txnId: f.txnId,
      amount: f.amount,
      currency: f.currency,
      occurredMs: f.occurredMs,
      firstSeenMs: s?.firstSeenMs ?? nowMs,
      state: 'open',
      stateChangedMs: s?.state === 'open' ? s.stateChangedMs : nowMs,
      detail: f.detail,
      evidence: f.evidence,
    };
    if (!s) changes.push({ breakId: id, atMs: nowMs, change: 'opened', detail: f.detail });
    else if (s.state === 'healed') changes.push({ breakId: id, atMs: nowMs, change: 'reopened', detail: f.detail });
    else if (s.detail !== f.detail || !sameEvidence(s.evidence, f.evidence)) changes.push({ breakId: id, atMs: nowMs, change: 'updated', detail: f.detail });
    else continue;
    rows.push(row);
  }
  for (const s of stored) {
    if (s.state !== 'open' || present.has(s.breakId)) continue;
    rows.push({ ...s, state: 'healed', stateChangedMs: nowMs });
    changes.push({ breakId: s.breakId, atMs: nowMs, change: 'healed', detail: 'the events that were missing or wrong have arrived; the rule no longer finds this break' });
  }
  return { rows, changes };
}
