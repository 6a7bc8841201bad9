import type { Store } from '../../clickhouse/client';
import { appendAudit } from './audit-log';
import { breakFilterInput, type BreakFilter } from './break-filter';
import { breakCsvLine, csvLine, CSV_COLUMNS } from './breaks-csv';
import { allBreaks } from './ledger-queries';

/** GET /api/ledger/export: the filtered break list as a streamed CSV, recorded in the audit log. */

/** The list page's URL parameters (kinds comma-separated) as a validated filter, or what is wrong. */
export function parseExportQuery(params: URLSearchParams): { filter: BreakFilter } | { error: string } {
  const raw: Record<string, unknown> = {};
  for (const key of ['from', 'to', 'state', 'review', 'minAmount', 'maxAmount', 'ref'] as const) {
    const v = params.get(key);
    if (v !== null && v !== '') raw[key] = v;
  }
  raw.from ??= 'now-1d';
  raw.to ??= 'now';
  const kinds = params.get('kinds');
  if (kinds) raw.kinds = kinds.split(',').filter((k) => k !== '');
  const parsed = breakFilterInput.safeParse(raw);
  if (parsed.success) return { filter: parsed.data };
  return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') };
}

/** Records the export (who, when, which filter), then streams the rows page by page. */
export async function exportBreaksCsv(store: Store, filter: BreakFilter, actor: string): Promise<ReadableStream<Uint8Array>> {
  await appendAudit(store, { actor, action: 'export', target: 'ledger.breaks', detail: { filter } });
  const encoder = new TextEncoder();
  const rows = allBreaks(store, filter);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(breakCsvLine(next.value)));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
