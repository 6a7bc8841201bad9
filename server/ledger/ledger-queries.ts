import type { Store } from '../../clickhouse/client';
import { num, queryRows, type QueryParams } from '../queries/run';
import type { BreakFilter } from './break-filter';
import { BREAK_KINDS, type BreakKind } from './break-kinds';
import { BREAK_COLUMNS, fromBreakRow, type BreakRow } from './break-store';
import type { StoredBreak } from './break-diff';
import { toUnits, unitsText } from './money';

/** The SQL behind ledger.summary, ledger.breaks, ledger.break and ledger.trialBalance. */

/** The platform's target for unbalanced journal txns (SPEC §5.5); the lag target is the configured SLA. */
export const UNBALANCED_TARGET = 0.00001;

export type Review = 'acknowledged' | 'resolved' | null;

/** `evidence`: ids of the change events cited (ledger.break shows them with LSNs and rows). */
export interface BreakListItem extends StoredBreak {
  /** First sighting as ISO 8601 (SPEC §6's `firstSeen`); firstSeenMs is the same instant. */
  firstSeen: string;
  evidenceCount: number;
  review: Review;
  reviewedBy: string | null;
  reviewedAtMs: number | null;
}

const REVIEWS = `SELECT Target, argMax(Action, Seq) AS Review, argMax(Actor, Seq) AS Reviewer, toUnixTimestamp64Milli(max(At)) AS ReviewedMs
  FROM audit_log WHERE Action IN ('acknowledge', 'resolve') GROUP BY Target`;

function filterSql(f: BreakFilter): { where: string; params: QueryParams } {
  const terms = ['b.OccurredAt >= fromUnixTimestamp64Milli({from:Int64})', 'b.OccurredAt < fromUnixTimestamp64Milli({to:Int64})'];
  const params: QueryParams = { from: f.from, to: f.to };
  if (f.state !== 'all') {
    terms.push('b.State = {state:String}');
    params.state = f.state;
  }
  if (f.kinds && f.kinds.length > 0) {
    terms.push('has({kinds:Array(String)}, b.Kind)');
    params.kinds = f.kinds;
  }
  if (f.minAmount !== undefined) {
    terms.push('b.Amount >= toDecimal128({minAmount:String}, 4)');
    params.minAmount = f.minAmount;
  }
  if (f.maxAmount !== undefined) {
    terms.push('b.Amount <= toDecimal128({maxAmount:String}, 4)');
    params.maxAmount = f.maxAmount;
  }
  if (f.ref !== undefined) {
    terms.push(`(b.RefId = {ref:String} OR concat(b.RefType, ':', b.RefId) = {ref:String} OR has(splitByChar(',', b.TxnId), {ref:String}))`);
    params.ref = f.ref;
  }
  if (f.review === 'unreviewed') terms.push(`r.Review = ''`);
  if (f.review === 'acknowledged') terms.push(`r.Review = 'acknowledge'`);
  if (f.review === 'resolved') terms.push(`r.Review = 'resolve'`);
  return { where: terms.join(' AND '), params };
}

interface ListRow extends BreakRow {
  OccurredUs: string;
  Review: string;
  Reviewer: string;
  ReviewedMs: number | string;
}

function toItem(r: ListRow): BreakListItem {
  const b = fromBreakRow(r);
  const review: Review = r.Review === 'acknowledge' ? 'acknowledged' : r.Review === 'resolve' ? 'resolved' : null;
  return { ...b, firstSeen: new Date(b.firstSeenMs).toISOString(), evidenceCount: b.evidence.length, review, reviewedBy: review ? r.Reviewer : null, reviewedAtMs: review ? num(r.ReviewedMs) : null };
}

function listSql(where: string, tail: string): string {
  return `SELECT ${BREAK_COLUMNS}, toString(toUnixTimestamp64Micro(OccurredAt)) AS OccurredUs, r.Review AS Review, r.Reviewer AS Reviewer, r.ReviewedMs AS ReviewedMs
    FROM (SELECT * FROM ledger_breaks FINAL) AS b LEFT JOIN (${REVIEWS}) AS r ON r.Target = b.BreakId
    WHERE ${where} ${tail}`;
}

/** One page, newest occurrence first. */
export async function listBreaks(store: Store, f: BreakFilter, page: { limit: number; cursor?: { us: string; id: string } }): Promise<{ items: BreakListItem[]; nextCursor: string | null }> {
  const { where, params } = filterSql(f);
  const cursor = page.cursor ? ' AND (toUnixTimestamp64Micro(b.OccurredAt), b.BreakId) < (toInt64({cUs:String}), {cId:String})' : '';
  const rows = await queryRows<ListRow>(
    store,
    listSql(where + cursor, `ORDER BY b.OccurredAt DESC, b.BreakId DESC LIMIT {limit:UInt32}`),
    { ...params, limit: page.limit + 1, ...(page.cursor ? { cUs: page.cursor.us, cId: page.cursor.id } : {}) },
  );
  const items = rows.slice(0, page.limit);
  const last = rows.length > page.limit ? items.at(-1) : undefined;
  return { items: items.map(toItem), nextCursor: last ? `${last.OccurredUs}:${last.BreakId}` : null };
}

/** Every matching break, page by page (the CSV export streams these). */
export async function* allBreaks(store: Store, f: BreakFilter, pageSize = 1000): AsyncGenerator<BreakListItem> {
  let cursor: { us: string; id: string } | undefined;
  for (;;) {
    const page = await listBreaks(store, f, { limit: pageSize, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    if (!page.nextCursor) return;
    const [us, id] = page.nextCursor.split(':') as [string, string];
    cursor = { us, id };
  }
}

export async function getBreak(store: Store, id: string): Promise<BreakListItem | undefined> {
  const [row] = await queryRows<ListRow>(store, listSql('b.BreakId = {id:String}', 'LIMIT 1'), { id });
  return row ? toItem(row) : undefined;
}

export async function breakChanges(store: Store, id: string): Promise<{ atMs: number; change: string; detail: string }[]> {
  const rows = await queryRows<{ AtMs: number | string; Change: string; Detail: string }>(
    store,
    'SELECT toUnixTimestamp64Milli(At) AS AtMs, Change, Detail FROM ledger_break_changes WHERE BreakId = {id:String} ORDER BY At',
    { id },
  );
  return rows.map((r) => ({ atMs: num(r.AtMs), change: r.Change, detail: r.Detail }));
}

export interface CurrencyTotals {
  currency: string;
  transactions: number;
  entries: number;
  debits: string;
  credits: string;
}

export interface LedgerSummary {
  transactions: number;
  entries: number;
  amounts: CurrencyTotals[];
  unbalancedTxns: number;
  unbalancedRate: number;
  unbalancedTarget: number;
  breaksByKind: Record<BreakKind, number>;
  openBreaks: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagTargetMs: number;
  changeEvents: number;
}

/**
 * Distinct transactions as distinct 64-bit hashes of their ids: uniqExact over the strings
 * already counts 128-bit hashes, and half the width halves the summary's cost over a day of
 * postings. Two ids sharing a hash would make the count read one low; at 10 million
 * transactions in a range that happens about three times in a million. Money sums are exact.
 */
const TXN_COUNT = 'uniqExact(cityHash64(TxnId))';

const plain = (text: string | null): string => unitsText(toUnits(text) ?? 0n);

/** `lagTargetMs`: the lag SLA late_event judges against (sightline.ledger.yaml), so the tile and the rule agree. */
export async function ledgerSummary(store: Store, range: { from: number; to: number }, lagTargetMs: number): Promise<LedgerSummary> {
  const params = { from: range.from, to: range.to };
  const inRange = (col: string) => `${col} >= fromUnixTimestamp64Milli({from:Int64}) AND ${col} < fromUnixTimestamp64Milli({to:Int64})`;
  const [journal, kinds, lag] = await Promise.all([
    // Per currency and overall in one FINAL read of the journal; the overall row's money sums
    // mix currencies and are not used.
    queryRows<{ Overall: number; Currency: string; Transactions: number | string; Entries: number | string; Debits: string; Credits: string }>(
      store,
      `SELECT grouping(Currency) AS Overall, Currency, ${TXN_COUNT} AS Transactions, count() AS Entries,
         toString(sumIf(Amount, Direction = 'D')) AS Debits, toString(sumIf(Amount, Direction = 'C')) AS Credits
       FROM ledger_journal_entries FINAL WHERE Deleted = 0 AND ${inRange('CommitTs')}
       GROUP BY GROUPING SETS ((Currency), ())
       ORDER BY Overall, Currency`,
      params,
    ),
    queryRows<{ Kind: string; N: number | string }>(
      store,
      `SELECT Kind, count() AS N FROM ledger_breaks FINAL WHERE State = 'open' AND ${inRange('OccurredAt')} GROUP BY Kind`,
      params,
    ),
    queryRows<{ P: number[]; N: number | string }>(
      store,
      `SELECT quantilesTiming(0.5, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', CommitTs, coalesce(CaptureTs, IngestedAt))))) AS P, count() AS N
       FROM cdc_events WHERE ${inRange('CommitTs')}`,
      params,
    ),
  ]);
  const breaksByKind = Object.fromEntries(BREAK_KINDS.map((k) => [k, 0])) as Record<BreakKind, number>;
  for (const k of kinds) if ((BREAK_KINDS as readonly string[]).includes(k.Kind)) breaksByKind[k.Kind as BreakKind] = num(k.N);
  const amounts = journal.filter((r) => num(r.Overall) === 0);
  const overall = journal.find((r) => num(r.Overall) === 1);
  const transactions = num(overall?.Transactions);
  const events = num(lag[0]?.N);
  return {
    transactions,
    entries: num(overall?.Entries),
    amounts: amounts.map((a) => ({ currency: a.Currency, transactions: num(a.Transactions), entries: num(a.Entries), debits: plain(a.Debits), credits: plain(a.Credits) })),
    unbalancedTxns: breaksByKind.unbalanced_txn,
    unbalancedRate: transactions > 0 ? breaksByKind.unbalanced_txn / transactions : 0,
    unbalancedTarget: UNBALANCED_TARGET,
    breaksByKind,
    openBreaks: Object.values(breaksByKind).reduce((a, b) => a + b, 0),
    lagP50Ms: events > 0 ? num(lag[0]!.P[0]) : null,
    lagP99Ms: events > 0 ? num(lag[0]!.P[1]) : null,
    lagTargetMs,
    changeEvents: events,
  };
}

export interface TrialBalanceRow {
  account: string;
  currency: string;
  entries: number;
  debits: string;
  credits: string;
  /** Debits − credits. */
  balance: string;
}

/** Every account's debits, credits and balance per currency from all postings up to `to`; totals per currency (zero when the books balance). */
export async function trialBalance(store: Store, toMs: number): Promise<{ rows: TrialBalanceRow[]; totals: { currency: string; debits: string; credits: string; balance: string }[] }> {
  const rows = await queryRows<{ Account: string; Currency: string; Entries: number | string; Debits: string; Credits: string }>(
    store,
    `SELECT Account, Currency, count() AS Entries, toString(sumIf(Amount, Direction = 'D')) AS Debits, toString(sumIf(Amount, Direction = 'C')) AS Credits
     FROM ledger_journal_entries FINAL WHERE Deleted = 0 AND CommitTs < fromUnixTimestamp64Milli({to:Int64})
     GROUP BY Account, Currency ORDER BY Currency, Account`,
    { to: toMs },
  );
  const sums = new Map<string, { d: bigint; c: bigint }>();
  const out = rows.map((r): TrialBalanceRow => {
    const d = toUnits(r.Debits) ?? 0n;
    const c = toUnits(r.Credits) ?? 0n;
    const s = sums.get(r.Currency) ?? { d: 0n, c: 0n };
    sums.set(r.Currency, { d: s.d + d, c: s.c + c });
    return { account: r.Account, currency: r.Currency, entries: num(r.Entries), debits: unitsText(d), credits: unitsText(c), balance: unitsText(d - c) };
  });
  const totals = [...sums].map(([currency, s]) => ({ currency, debits: unitsText(s.d), credits: unitsText(s.c), balance: unitsText(s.d - s.c) }));
  return { rows: out, totals };
}
