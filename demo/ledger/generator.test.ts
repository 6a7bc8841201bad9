import { describe, expect, it } from 'vitest';
import { MinutePlanner } from '../plan';
import { HOUR_MS, MINUTE_MS } from '../scenario';
import { CURRENCIES } from './catalog';
import { debeziumBody } from './debezium-events';
import { MAX_FLOW_SPAN_MS } from './flow-build';
import { divideHalfEven, moneyText, platformFee } from './money';
import { LedgerSchedule, ledgerTransactions, type LedgerOptions } from './schedule';
import type { SourceTxn } from './source-txn';

const OPTS: LedgerOptions = { seed: 42, rate: 10, transport: 'debezium' };
// 07:10–07:40 UTC: includes the 07:20–07:25 flash sale.
const FROM = Date.UTC(2025, 2, 10, 7, 10);
const TO = FROM + 30 * MINUTE_MS;
const txns = ledgerTransactions(OPTS, FROM, TO);
const inserts = (table: string) => txns.flatMap((t) => t.changes.filter((c) => c.table === table && c.op === 'c').map((c) => c.after!));

describe('money', () => {
  it('rounds the 0.6 % fee half to even in integer minor units', () => {
    expect(platformFee(12990n)).toBe(78n); // 77.94 → 78
    expect(platformFee(250n)).toBe(2n); // 1.5 → 2
    expect(platformFee(750n)).toBe(4n); // 4.5 → 4
    expect(platformFee(990n)).toBe(6n); // 5.94 → 6
    expect(divideHalfEven(25n, 10n)).toBe(2n);
    expect(divideHalfEven(35n, 10n)).toBe(4n);
    expect(moneyText(12990n)).toBe('129.90');
    expect(moneyText(5n)).toBe('0.05');
  });
});

describe('ledger generator', () => {
  it('is a pure function of the seed, whatever the windows', () => {
    const from = FROM + 8 * MINUTE_MS; // into the flash sale
    const to = from + 3 * MINUTE_MS;
    const reference = debeziumBody(ledgerTransactions(OPTS, from, to));
    expect(debeziumBody(ledgerTransactions(OPTS, from, to))).toBe(reference);
    const schedule = new LedgerSchedule(OPTS, from);
    const pieces: SourceTxn[] = [];
    for (let t = from, step = 1; t < to; step = (step * 7) % 20_011) {
      const next = Math.min(to, t + 200 + step);
      pieces.push(...schedule.take(next));
      t = next;
    }
    expect(debeziumBody(pieces)).toBe(reference);
    expect(debeziumBody(ledgerTransactions({ ...OPTS, seed: 43 }, from, to))).not.toBe(reference);
  });

  it('turns exactly the traffic demo’s paid checkouts into flows, at its rate', () => {
    const from = FROM + 2 * MINUTE_MS; // flows starting here have all their transactions in range
    const until = TO - MINUTE_MS;
    let paid = 0;
    for (let minute = from / MINUTE_MS; minute < until / MINUTE_MS; minute++) {
      const planner = new MinutePlanner(OPTS.seed, OPTS.rate, minute);
      for (let i = 0; i < planner.n; i++) if (planner.plan(i).pays) paid++;
    }
    const flows = new Set(inserts('orders').filter((o) => Number(o.id) >= (from / MINUTE_MS) * 1e6 && Number(o.id) < (until / MINUTE_MS) * 1e6).map((o) => o.id));
    expect(flows.size).toBe(paid);
    // Paid checkouts are 30 % × 85 % of requests: a few per second outside the flash sale.
    expect(paid / ((until - from) / 1000)).toBeGreaterThan(2);
  });

  it('posts one balanced journal txn per successful payment, in exact decimal strings', () => {
    const unbalanced = new Set(txns.flatMap((t) => t.breaks.filter((b) => b.kind === 'unbalanced_txn').map((b) => b.journalTxnId)));
    const sums = new Map<string, Map<string, bigint>>();
    for (const e of inserts('journal_entries')) {
      const perCurrency = sums.get(String(e.txn_id)) ?? new Map<string, bigint>();
      const cents = BigInt(String(e.amount).replace('.', ''));
      perCurrency.set(String(e.currency), (perCurrency.get(String(e.currency)) ?? 0n) + (e.direction === 'D' ? cents : -cents));
      sums.set(String(e.txn_id), perCurrency);
    }
    expect(unbalanced.size).toBeGreaterThan(0);
    const offBalance = [...sums].filter(([, perCurrency]) => [...perCurrency.values()].some((v) => v !== 0n)).map(([txnId]) => txnId);
    expect(new Set(offBalance)).toEqual(unbalanced);
    const succeeded = txns.flatMap((t) => t.changes).filter((c) => c.table === 'payments' && c.after?.status === 'SUCCEEDED');
    const missing = txns.flatMap((t) => t.breaks).filter((b) => b.kind === 'missing_ledger').length;
    expect(sums.size).toBeGreaterThan(succeeded.length - missing);
    const amounts = txns.flatMap((t) => t.changes.flatMap((c) => [c.before, c.after])).flatMap((row) => (row && 'amount' in row ? [row.amount] : []));
    expect(amounts.length).toBeGreaterThan(10_000);
    expect(amounts.filter((a) => typeof a !== 'string' || !/^\d+\.\d{1,4}$/.test(a))).toEqual([]);
  });

  it('shapes flows like the platform: currencies, refunds, TCC outcomes, regions', () => {
    const orders = inserts('orders');
    const share = (code: string) => orders.filter((o) => o.currency === code).length / orders.length;
    expect(share('CNY')).toBeGreaterThan(0.87);
    expect(share('HKD')).toBeGreaterThan(0.03);
    expect(share('USD')).toBeGreaterThan(0.01);
    expect(new Set(orders.map((o) => o.region))).toEqual(new Set(['cn-east-1', 'cn-north-1', 'cn-south-1']));
    const final = new Map<string, string>();
    for (const c of txns.flatMap((t) => t.changes)) if (c.table === 'settlements' && c.after) final.set(String(c.after.id), String(c.after.tcc_state));
    const states = [...final.values()];
    expect(states.filter((s) => s === 'CONFIRMED').length / states.length).toBeGreaterThan(0.9);
    expect(states.filter((s) => s === 'CANCELLED').length).toBeGreaterThan(20);
    expect(inserts('refunds').length / orders.length).toBeGreaterThan(0.02);
    const codes = new Set<string>(CURRENCIES.map((c) => c.code));
    expect(orders.every((o) => codes.has(String(o.currency)))).toBe(true);
  });

  it('keeps every flow within its span, commit order in LSN order, and event identities unique', () => {
    const firstCommit = new Map<number, number>();
    const outOfSpan = [...txns]
      .sort((a, b) => a.commitUs - b.commitUs)
      .filter((t) => {
        const start = firstCommit.get(t.flowKey) ?? t.commitUs;
        firstCommit.set(t.flowKey, start);
        return t.sendUs - start >= MAX_FLOW_SPAN_MS * 1000 || t.sendUs < t.commitUs;
      });
    expect(outOfSpan).toEqual([]);
    const byLsn = [...txns].sort((a, b) => (a.lsn < b.lsn ? -1 : 1));
    const disordered = byLsn.filter((t, i) => i > 0 && (t.lsn === byLsn[i - 1]!.lsn || t.commitUs < byLsn[i - 1]!.commitUs));
    expect(disordered).toEqual([]);
    expect(new Set(txns.map((t) => t.txId)).size).toBe(txns.length);
  });

  it('holds back only late transactions, and only over Debezium', () => {
    const late = txns.filter((t) => t.breaks.some((b) => b.kind === 'late_event'));
    expect(late.length).toBeGreaterThan(0);
    expect(txns.filter((t) => t.sendUs - t.commitUs > 800_000)).toEqual(late);
    const pg = ledgerTransactions({ ...OPTS, transport: 'postgres' }, FROM, FROM + 10 * MINUTE_MS);
    expect(pg.every((t) => t.sendUs - t.commitUs < 800_000 && t.dropped === undefined)).toBe(true);
    expect(pg.flatMap((t) => t.breaks).some((b) => b.kind === 'incomplete_txn' || b.kind === 'late_event')).toBe(false);
  });

  it('stays cheap over a backfill: an hour of ledger in well under the traffic demo’s cost', () => {
    const started = performance.now();
    const schedule = new LedgerSchedule(OPTS, FROM);
    let count = 0;
    for (let t = FROM; t < FROM + HOUR_MS; t += 10 * MINUTE_MS) count += schedule.take(t + 10 * MINUTE_MS).length;
    expect(count).toBeGreaterThan(40_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
