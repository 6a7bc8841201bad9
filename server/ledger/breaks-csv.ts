import type { BreakListItem } from './ledger-queries';

/** The CSV export of a break list (RFC 4180), safe to open in a spreadsheet. */

export const CSV_COLUMNS = [
  'break_id',
  'kind',
  'state',
  'review',
  'ref_type',
  'ref_id',
  'txn_id',
  'amount',
  'currency',
  'occurred_at',
  'first_seen',
  'evidence_events',
  'detail',
] as const;

/**
 * Quotes when needed, and defuses text a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * at the start) with a leading apostrophe, except plain numbers such as a negative amount.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function breakCsvLine(b: BreakListItem): string {
  return csvLine([
    b.breakId,
    b.kind,
    b.state,
    b.review ?? '',
    b.refType,
    b.refId,
    b.txnId,
    b.amount,
    b.currency,
    iso(b.occurredMs),
    iso(b.firstSeenMs),
    b.evidenceCount,
    b.detail,
  ]);
}
