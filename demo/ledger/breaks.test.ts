import { describe, expect, it } from 'vitest';
import type { ExactJson } from '../../ingest/cdc/json-exact';
import { MINUTE_MS } from '../scenario';
import { BREAK_KINDS, DEBEZIUM_ONLY, type LedgerBreak } from './breaks';
import { debeziumBody } from './debezium-events';
import { MAX_FLOW_SPAN_MS } from './flow-build';
import { ledgerGroundTruth } from './ledger-truth';
import { findBreaks, type FoundBreak } from './reference-rules';
import { LedgerSchedule, type LedgerOptions } from './schedule';
import type { SourceTxn } from './source-txn';

const FROM = Date.UTC(2025, 2, 10, 7, 0);
/** Before the range: flows that began earlier. After it: grace periods and TCC timeouts expire. */
const LEAD_MS = MAX_FLOW_SPAN_MS + MINUTE_MS;
const TAIL_MS = MAX_FLOW_SPAN_MS + 2 * MINUTE_MS;

/** The stream around [from, to), as ingest would receive it, and the truth the generator recorded. */
function observe(opts: LedgerOptions, from: number, to: number): { found: FoundBreak[]; truth: LedgerBreak[]; flows: number } {
  const schedule = new LedgerSchedule(opts, from - LEAD_MS);
  const items: ExactJson[] = [];
  const txns: SourceTxn[] = [];
  // Ten minutes at a time keeps the JSON texts small.
  for (let t = from - LEAD_MS; t < to + TAIL_MS; t += 10 * MINUTE_MS) {
    const window = schedule.take(Math.min(t + 10 * MINUTE_MS, to + TAIL_MS));
    for (const txn of window) txns.push(txn);
    // LSNs exceed 2^53: quoted before JSON.parse so they stay exact.
    const body = debeziumBody(window).replace(/"lsn":(\d+)/g, '"lsn":"$1"');
    for (const item of JSON.parse(body) as ExactJson[]) items.push(item);
  }
  const inRange = (atMs: number) => atMs >= from && atMs < to;
  return {
    found: findBreaks(items, { observedUntilMs: to + TAIL_MS }).filter((b) => inRange(b.atMs)),
    truth: txns.flatMap((t) => t.breaks).filter((b) => inRange(b.atMs)),
    flows: new Set(txns.filter((t) => t.changes.some((c) => c.table === 'orders' && c.op === 'c' && inRange(t.commitUs / 1000))).map((t) => t.flowKey)).size,
  };
}

const key = (b: { kind: string; refType: string; refId: string; atMs: number }) => `${b.kind} ${b.refType}/${b.refId} @${b.atMs}`;

describe('injected breaks', () => {
  it('are exactly what an independent §5.5 checker finds in the stream (40 minutes with a flash sale, default rate)', () => {
    const opts: LedgerOptions = { seed: 42, rate: 10, transport: 'debezium' };
    const { found, truth, flows } = observe(opts, FROM, FROM + 40 * MINUTE_MS);
    expect(found.map(key).sort()).toEqual(truth.map(key).sort());
    // Each kind at its known rate: 1 flow in 200, give or take Poisson noise.
    const expected = flows / 200;
    for (const kind of BREAK_KINDS) {
      const n = truth.filter((b) => b.kind === kind).length;
      expect(n, kind).toBeGreaterThan(expected * 0.6);
      expect(n, kind).toBeLessThan(expected * 1.5);
    }
    expect(new Set(truth.filter((b) => b.kind === 'amount_mismatch').map((b) => b.flavour))).toEqual(new Set(['order_vs_payment', 'journal_vs_payment']));
    expect(new Set(truth.filter((b) => b.kind === 'mutated_entry').map((b) => b.flavour))).toEqual(new Set(['update', 'delete']));
  });

  it('never overlap, even when every flow is broken', () => {
    const { found, truth } = observe({ seed: 7, rate: 10, transport: 'debezium', breakEvery: BREAK_KINDS.length }, FROM, FROM + 10 * MINUTE_MS);
    expect(truth.length).toBeGreaterThan(1000);
    expect(found.map(key).sort()).toEqual(truth.map(key).sort());
  });

  it('over Postgres leave out the transport breaks, and the rest still match', () => {
    const { found, truth } = observe({ seed: 7, rate: 10, transport: 'postgres', breakEvery: BREAK_KINDS.length }, FROM, FROM + 10 * MINUTE_MS);
    expect(truth.some((b) => DEBEZIUM_ONLY.has(b.kind))).toBe(false);
    expect(new Set(truth.map((b) => b.kind)).size).toBe(BREAK_KINDS.length - DEBEZIUM_ONLY.size);
    expect(truth.every((b) => b.sourceTxId === null)).toBe(true);
    expect(found.map(key).sort()).toEqual(truth.map(key).sort());
  });

  it('carry exact amounts, references and the offending transaction', () => {
    const truth = ledgerGroundTruth({ seed: 42, rate: 10, transport: 'debezium' }, FROM, FROM + 30 * MINUTE_MS);
    for (const b of truth) {
      expect(b.amount).toMatch(/^\d+\.\d{2}$/);
      expect(['CNY', 'HKD', 'USD']).toContain(b.currency);
      expect(b.refId).toBe(b.orderId);
      expect(b.sourceTxId).toMatch(/^\d+$/);
      expect(b.sendMs).toBeGreaterThanOrEqual(b.atMs);
    }
    const journalKinds = truth.filter((b) => ['unbalanced_txn', 'duplicate_posting', 'orphan_entry', 'incomplete_txn'].includes(b.kind));
    expect(journalKinds.every((b) => b.journalTxnId !== null)).toBe(true);
    expect(truth.filter((b) => b.kind === 'mutated_entry').every((b) => (b.entryIds?.length ?? 0) > 0)).toBe(true);
  });

  it('as a function of the range: consecutive ranges partition the truth', () => {
    const opts: LedgerOptions = { seed: 42, rate: 10, transport: 'debezium' };
    const whole = ledgerGroundTruth(opts, FROM, FROM + 20 * MINUTE_MS);
    const parts = [
      ...ledgerGroundTruth(opts, FROM, FROM + 7 * MINUTE_MS + 123),
      ...ledgerGroundTruth(opts, FROM + 7 * MINUTE_MS + 123, FROM + 20 * MINUTE_MS, FROM),
    ];
    expect(parts).toEqual(whole);
    expect(whole.every((b) => b.sendMs >= FROM && b.sendMs < FROM + 20 * MINUTE_MS)).toBe(true);
  });
});
