import type { Store } from '../../clickhouse/client';
import type { LedgerMapping } from '../ledger-mapping';
import { num } from '../queries/run';
import { auditRows } from './audit-log';
import { breakChanges, getBreak } from './ledger-queries';
import { refEventRows } from './reconciler';

/** One break with its evidence: every change event of its reference with LSNs and before/after rows, its state history and reviews. */

export interface EvidenceEvent {
  eventId: string;
  source: string;
  op: string;
  /** Exact: LSNs exceed 2^53. */
  lsn: string;
  txId: string;
  commitMs: number;
  captureMs: number | null;
  ingestedMs: number;
  /** Row images as JSON text (amounts exact). */
  before: string | null;
  after: string | null;
  /** One of the events the rule cited. */
  cited: boolean;
}

export async function breakDetail(store: Store, mapping: LedgerMapping, id: string) {
  const b = await getBreak(store, id);
  if (!b) return undefined;
  const [{ direct, txns, ends }, changes, reviews] = await Promise.all([
    refEventRows(store, mapping, [{ refType: b.refType, refId: b.refId }]),
    breakChanges(store, id),
    auditRows(store, { limit: 100, target: id }),
  ]);
  const cited = new Set(b.evidence);
  const byId = new Map([...direct, ...txns].map((r) => [r.EventId, r]));
  const events: EvidenceEvent[] = [...byId.values()]
    .map((r) => ({
      eventId: r.EventId,
      source: `${r.SourceSchema}.${r.SourceTable}`,
      op: r.Op,
      lsn: r.Lsn,
      txId: r.TxId,
      commitMs: num(r.CommitMs),
      captureMs: r.CaptureMs === null ? null : num(r.CaptureMs),
      ingestedMs: num(r.IngestedMs),
      before: r.Before === '' ? null : r.Before,
      after: r.After === '' ? null : r.After,
      cited: cited.has(r.EventId),
    }))
    .sort((x, y) => (BigInt(x.lsn) < BigInt(y.lsn) ? -1 : BigInt(x.lsn) > BigInt(y.lsn) ? 1 : 0));
  const transactions = ends.map((e) => ({ txId: e.txId, eventCount: e.eventCount, dataCollections: e.dataCollections }));
  return { ...b, events, transactions, changes, reviews: reviews.map((r) => ({ seq: r.seq, atMs: r.atMs, actor: r.actor, action: r.action, comment: commentOf(r.detail) })) };
}

export function commentOf(detail: string): string {
  try {
    const parsed = JSON.parse(detail) as { comment?: unknown };
    return typeof parsed.comment === 'string' ? parsed.comment : '';
  } catch {
    return '';
  }
}
