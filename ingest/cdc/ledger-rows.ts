import type { LedgerTableMapping } from '../../server/ledger-mapping';
import { LEDGER_TABLES, ledgerClickHouseColumn, type LedgerColumnKind } from '../../server/ledger-tables';
import type { ChangeEvent, RowValue } from './change-event';
import type { LedgerRow } from './cdc-rows';
import { DecimalError, parseDecimal, toDecimalColumn } from './decimal';
import { CdcEventError } from './row-decoding';
import { formatMicros, toEpochMicros } from './timestamps';

function text(value: RowValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function convert(kind: LedgerColumnKind, column: string, value: RowValue | undefined): string | null {
  switch (kind) {
    case 'id':
    case 'text':
      return text(value);
    case 'money':
      if (value === null || value === undefined) return null;
      try {
        return toDecimalColumn(parseDecimal(String(value)));
      } catch (err) {
        if (err instanceof DecimalError) throw new CdcEventError(`money column ${column}: ${err.message} (ledger amounts are stored as Decimal(38, 4))`);
        throw err;
      }
    case 'time': {
      const micros = toEpochMicros(value);
      return micros === null ? null : formatMicros(micros);
    }
  }
}

/**
 * The latest-state row a change produces in its ledger table: the new row for c/u/r, the old
 * row marked Deleted for d (under REPLICA IDENTITY DEFAULT only its key). Truncates produce none:
 * they stay visible as events, and the rows they removed keep their last known state.
 */
export function ledgerRowFor(event: ChangeEvent, mapping: LedgerTableMapping, eventId: string): LedgerRow | undefined {
  if (event.op === 't') return undefined;
  const image = event.op === 'd' ? event.before : event.after;
  if (!image) return undefined;
  const values: LedgerRow['values'] = {};
  for (const [canonical, kind] of Object.entries(LEDGER_TABLES[mapping.ledger]) as [string, LedgerColumnKind][]) {
    const source = mapping.columns[canonical]!;
    values[ledgerClickHouseColumn(canonical)] = convert(kind, source, image[source]);
  }
  if (!values.Id) throw new CdcEventError(`${mapping.ledger} row has no value in its id column "${mapping.columns.id}"`);
  Object.assign(values, {
    Version: event.lsn.toString(),
    Deleted: event.op === 'd' ? 1 : 0,
    LastOp: event.op,
    LastEventId: eventId,
    CommitTs: formatMicros(event.commitTsMicros),
    SourceKind: event.sourceKind,
  });
  return { table: mapping.ledger, values };
}
