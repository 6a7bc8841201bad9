import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { HOUR_MS, MINUTE_MS, hourStart } from '../../demo/scenario';
import type { BreakKind as DemoBreakKind } from '../../demo/ledger/breaks';
import { startLedgerDemo, type LedgerDemoOptions } from '../../demo/ledger/run-ledger';
import { runUntilCaughtUp } from '../../demo/ledger/test-support';
import { readTruth, type TruthLine } from '../../demo/ledger/truth-log';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { markReady } from '../health';
import { resolveLedgerMapping, type LedgerMapping } from '../ledger-mapping';
import { queryRows } from '../queries/run';
import { appRouter } from '../routers/app-router';
import { CSV_COLUMNS } from './breaks-csv';
import { exportBreaksCsv, parseExportQuery } from './breaks-export';
import type { BreakListItem } from './ledger-queries';
import { startLedgerReconciler, stopLedgerReconciler } from './reconciler-runner';

// The demo's ground truth against what the reconciler finds, through the real ingest endpoint
// and embedded ClickHouse. Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
const dirs: string[] = [];
const mapping = resolveLedgerMapping();

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: ['demo-secret'], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await stopLedgerReconciler();
  await ingest.close();
  await cleanup();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const AUDITOR = { id: 'auditor-1', name: 'Ann Auditor', roles: ['auditor' as const] };
const caller = () => appRouter.createCaller({ store, user: AUDITOR });
const key = (b: { kind: string; refType: string; refId: string }) => `${b.kind} ${b.refType}:${b.refId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kinds that need a grace period or timeout to pass before they are breaks, and which one. */
function deadline(kind: DemoBreakKind, m: LedgerMapping): number {
  if (kind === 'missing_ledger' || kind === 'missing_reversal' || kind === 'orphan_entry') return m.reconciliation.graceMs;
  if (kind === 'tcc_hanging') return m.reconciliation.tccTimeoutMs;
  return 0;
}

async function allOpen(from: number, to: number): Promise<BreakListItem[]> {
  const out: BreakListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller().ledger.breaks({ from, to, state: 'open', limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function waitCaughtUp(status: () => { caughtUp: boolean; watermarkMs: number } | null | undefined, sinceMs: number): Promise<void> {
  const deadlineMs = Date.now() + 60_000;
  while (Date.now() < deadlineMs) {
    const s = status();
    if (s?.caughtUp && s.watermarkMs >= sinceMs) return;
    await sleep(200);
  }
  throw new Error('reconciler did not catch up within 60 s');
}

describe('ledger reconciliation of the demo payment database', () => {
  // A past window (minutes 18–21 of the previous hour), judged as of its end.
  const demoNow = hourStart(Date.now()) - HOUR_MS + 21 * MINUTE_MS;
  const backfillHours = 0.05;
  let truth: TruthLine[];
  let found: BreakListItem[];
  // Started first with the past clock, it stays this process's reconciler until the live test
  // swaps it (ledger procedures start one if none runs).
  let runner: ReturnType<typeof startLedgerReconciler>;

  it('finds every injected break with its kind and reference, and nothing else (100% recall and precision)', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'sightline-recon-'));
    dirs.push(stateDir);
    // Every flow carries one break, so three minutes hold plenty of each kind.
    const base: LedgerDemoOptions = { endpoint: `http://127.0.0.1:${ingest.port}`, token: 'demo-secret', seed: 42, rate: 10, backfillHours, stateDir, log: () => undefined };
    const t0 = Date.now();
    await runUntilCaughtUp({ ...base, breakEvery: 12, now: () => demoNow });
    const ingestedUntil = Date.now();

    runner = startLedgerReconciler(store, { mapping, ruleClock: () => demoNow });
    await waitCaughtUp(() => runner.status.last, ingestedUntil);
    const [events] = await queryRows<{ n: number }>(store, 'SELECT count() AS n FROM cdc_events');
    console.log(`[ledger] backfill of ${events!.n} change events took ${ingestedUntil - t0} ms, reconciling all of it ${Date.now() - ingestedUntil} ms`);

    // Breaks whose grace period ends after demoNow are not breaks yet as of demoNow.
    truth = (await readTruth(stateDir)).filter((b) => b.atMs + deadline(b.kind, mapping) <= demoNow);
    found = await allOpen(demoNow - HOUR_MS, demoNow + HOUR_MS);
    const expected = [...new Set(truth.map(key))].sort();
    const actual = found.map(key).sort();
    expect(new Set(truth.map((b) => b.kind)).size).toBe(12);
    expect(expected.length).toBeGreaterThan(100);
    const truePositives = actual.filter((k) => expected.includes(k)).length;
    console.log(`[ledger] ${expected.length} injected breaks due, ${actual.length} found: recall ${truePositives / expected.length}, precision ${truePositives / actual.length}`);
    expect(actual).toEqual(expected);
  });

  it('reports exact amounts as decimal strings, the journal txn and evidence with LSNs', async () => {
    const unbalanced = truth.find((b) => b.kind === 'unbalanced_txn')!;
    const item = found.find((f) => key(f) === key(unbalanced))!;
    expect(item).toMatchObject({ txnId: unbalanced.journalTxnId, amount: '0.01', currency: unbalanced.currency, state: 'open' });
    expect(item.firstSeen).toBe(new Date(item.firstSeenMs).toISOString());
    const mutated = truth.find((b) => b.kind === 'mutated_entry' && b.flavour === 'update')!;
    const detail = await caller().ledger.break({ id: found.find((f) => key(f) === key(mutated))!.breakId });
    expect(detail.events.some((e) => e.cited && e.op === 'u' && /^\d+$/.test(e.lsn) && e.before !== null && e.after !== null)).toBe(true);
    expect(detail.changes.map((c) => c.change)).toEqual(['opened']);
    const missing = truth.find((b) => b.kind === 'missing_ledger')!;
    expect(found.find((f) => key(f) === key(missing))).toMatchObject({ amount: missing.amount.replace(/\.?0+$/, ''), currency: missing.currency });
  });

  it('summary, trial balance: exact totals per currency, books that balance except for the injected skews', async () => {
    const summary = await caller().ledger.summary({ from: demoNow - HOUR_MS, to: demoNow + HOUR_MS });
    expect(summary.transactions).toBeGreaterThan(100);
    expect(summary.breaksByKind.unbalanced_txn).toBe(truth.filter((b) => b.kind === 'unbalanced_txn').length);
    expect(summary.unbalancedRate).toBeCloseTo(summary.breaksByKind.unbalanced_txn / summary.transactions, 12);
    for (const a of summary.amounts) expect(a.debits).toMatch(/^\d+(\.\d{1,4})?$/);
    // The overall counts and the per-currency rows come from one grouped read; both must match the journal.
    const [raw] = await queryRows<{ txns: number; entries: number; currencies: string[] }>(
      store,
      `SELECT uniqExact(TxnId) AS txns, count() AS entries, arraySort(groupUniqArray(Currency)) AS currencies FROM ledger_journal_entries FINAL
       WHERE Deleted = 0 AND CommitTs >= fromUnixTimestamp64Milli({from:Int64}) AND CommitTs < fromUnixTimestamp64Milli({to:Int64})`,
      { from: demoNow - HOUR_MS, to: demoNow + HOUR_MS },
    );
    expect({ transactions: summary.transactions, entries: summary.entries }).toEqual({ transactions: raw!.txns, entries: raw!.entries });
    expect(summary.amounts.map((a) => a.currency)).toEqual(raw!.currencies);
    expect(summary.amounts.reduce((n, a) => n + a.entries, 0)).toBe(raw!.entries);
    // Backfilled history keeps its capture times: the lag is Debezium's, not the replay's.
    expect(summary.lagP50Ms).toBeLessThan(800);
    // The tile's target is the SLA late_event judges against.
    expect(summary.lagTargetMs).toBe(mapping.reconciliation.lagSlaMs);
    const tb = await caller().ledger.trialBalance({ from: demoNow - HOUR_MS, to: demoNow + HOUR_MS });
    expect(tb.rows.length).toBeGreaterThan(3);
    const [cny] = await queryRows<{ d: string; c: string }>(
      store,
      `SELECT toString(sumIf(Amount, Direction = 'D')) AS d, toString(sumIf(Amount, Direction = 'C')) AS c FROM ledger_journal_entries FINAL WHERE Deleted = 0 AND Currency = 'CNY'`,
    );
    expect(tb.totals.find((t) => t.currency === 'CNY')).toMatchObject({ debits: cny!.d, credits: cny!.c });
  });

  it('filters by kind, amount and reference, pages with a cursor, and the CSV export holds exactly the filtered list', async () => {
    const range = { from: demoNow - HOUR_MS, to: demoNow + HOUR_MS };
    const tcc = await caller().ledger.breaks({ ...range, kinds: ['tcc_hanging', 'tcc_suspension'], limit: 500 });
    expect(tcc.items.length).toBe(found.filter((f) => f.kind === 'tcc_hanging' || f.kind === 'tcc_suspension').length);
    const big = await caller().ledger.breaks({ ...range, minAmount: '100.00', limit: 500 });
    expect(big.items.every((b) => Number(b.amount) >= 100)).toBe(true);
    const one = found[0]!;
    const byRef = await caller().ledger.breaks({ ...range, ref: `${one.refType}:${one.refId}` });
    expect(byRef.items.map((b) => b.breakId)).toContain(one.breakId);

    const filter = parseExportQuery(new URLSearchParams({ from: String(range.from), to: String(range.to), kinds: 'amount_mismatch,late_event' }));
    if ('error' in filter) throw new Error(filter.error);
    const listed = (await caller().ledger.breaks({ ...range, kinds: ['amount_mismatch', 'late_event'], limit: 500 })).items;
    const csv = await new Response(await exportBreaksCsv(store, filter.filter, 'auditor-1')).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(listed.map((b) => b.breakId));
    const audit = await caller().ledger.audit();
    expect(audit.rows[0]).toMatchObject({ actor: 'auditor-1', action: 'export', target: 'ledger.breaks' });

    expect(parseExportQuery(new URLSearchParams({ kinds: 'nonsense' }))).toMatchObject({ error: expect.stringContaining('kinds.0') });
    await expect(caller().ledger.breaks({ ...range, cursor: 'x' })).rejects.toThrow(/cursor/);
    await expect(caller().ledger.breaks({ ...range, minAmount: '1e9' })).rejects.toThrow(/exact decimal/);
  });

  it('acknowledge and resolve need a comment, are recorded with who and when, and show on the break', async () => {
    const target = found[1]!;
    await expect(caller().ledger.resolve({ id: target.breakId, comment: '   ' })).rejects.toThrow(/comment is required/);
    await expect(caller().ledger.resolve({ id: 'f'.repeat(24), comment: 'x' })).rejects.toThrow(/No break/);
    await caller().ledger.acknowledge({ id: target.breakId, comment: 'looking into it' });
    await caller().ledger.resolve({ id: target.breakId, comment: 'posted by hand, ticket FIN-12' });
    const detail = await caller().ledger.break({ id: target.breakId });
    expect(detail).toMatchObject({ review: 'resolved', reviewedBy: 'auditor-1' });
    expect(detail.reviews.map((r) => [r.action, r.comment])).toEqual([
      ['resolve', 'posted by hand, ticket FIN-12'],
      ['acknowledge', 'looking into it'],
    ]);
    const resolved = await caller().ledger.breaks({ from: demoNow - HOUR_MS, to: demoNow + HOUR_MS, review: 'resolved' });
    expect(resolved.items.map((b) => b.breakId)).toEqual([target.breakId]);
    expect((await caller().ledger.audit()).verdict).toMatchObject({ ok: true, rows: 3 });
  });

  // How soon (SPEC §5.5: within 5 s) is printed here and measured by the bench, not asserted: shared
  // machines stretch it.
  it('detects every live break, and none before the end of its grace period', async () => {
    const liveDir = await mkdtemp(join(tmpdir(), 'sightline-recon-live-'));
    dirs.push(liveDir);
    const fast = { ...mapping, reconciliation: { graceMs: 3000, tccTimeoutMs: 4000, lagSlaMs: 800 } };
    await runner.stop();
    const live = startLedgerReconciler(store, { mapping: fast });
    await waitCaughtUp(() => live.status.last, Date.now());
    const started = Date.now();
    // Another seed, so its ids do not collide with the history above.
    const demo = await startLedgerDemo({ endpoint: `http://127.0.0.1:${ingest.port}`, token: 'demo-secret', seed: 7, rate: 60, backfillHours: 0, breakEvery: 12, stateDir: liveDir, log: () => undefined });
    await sleep(12_000);
    await demo.stop();
    const sentUntil = Date.now();
    await sleep(5000 + fast.reconciliation.tccTimeoutMs);
    await live.stop();

    const injected = (await readTruth(liveDir)).filter((b) => b.sendMs >= started && b.atMs + deadline(b.kind, fast) <= sentUntil);
    expect(injected.length).toBeGreaterThan(20);
    const breaks = await queryRows<{ Kind: string; RefType: string; RefId: string; FirstSeenMs: number }>(
      store,
      `SELECT Kind, RefType, RefId, toUnixTimestamp64Milli(FirstSeen) AS FirstSeenMs FROM ledger_breaks FINAL WHERE FirstSeen >= fromUnixTimestamp64Milli({started:Int64})`,
      { started },
    );
    const seen = new Map(breaks.map((b) => [key({ kind: b.Kind, refType: b.RefType, refId: b.RefId }), Number(b.FirstSeenMs)]));
    const delays = injected.map((b) => {
      const firstSeen = seen.get(key(b));
      // From the later of its arrival and the end of its grace period.
      const cause = Math.max(b.sendMs, b.atMs + deadline(b.kind, fast));
      return { b: key(b), delay: firstSeen === undefined ? Infinity : firstSeen - cause };
    });
    const sorted = delays.map((d) => d.delay).sort((x, y) => x - y);
    console.log(`[ledger] live: ${injected.length} breaks, time to detect min ${sorted[0]} ms, p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`);
    expect(delays.filter((d) => d.delay === Infinity)).toEqual([]);
    // The truth's send time is taken around the request, so only grace periods bound how early.
    const early = injected.filter((b) => deadline(b.kind, fast) > 0 && (seen.get(key(b)) ?? Infinity) < b.atMs + deadline(b.kind, fast));
    expect(early).toEqual([]);
  });
});
