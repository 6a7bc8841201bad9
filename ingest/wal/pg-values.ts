import type { RowImage, RowValue } from '../cdc/change-event';

// Type OIDs from pg_type.dat; stable across Postgres versions.
const BOOL = 16;
const INT8 = 20;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
const FLOAT4 = 700;
const FLOAT8 = 701;

/**
 * One pgoutput text value as stored in `Before`/`After`, matching what Debezium sends where that
 * is exact: booleans and small integers become JSON values; int8 becomes a number only while
 * it is exact; numeric (money), timestamps and everything else stay Postgres's text.
 */
export function pgTextToJson(text: string | null, typeOid: number): RowValue {
  if (text === null) return null;
  switch (typeOid) {
    case BOOL:
      return text === 't';
    case INT2:
    case INT4:
    case OID:
      return Number(text);
    case INT8: {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case FLOAT4:
    case FLOAT8: {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    default:
      return text;
  }
}

interface RelationLike {
  columns: { name: string; typeOid: number }[];
}

/**
 * A tuple as a row image. Columns absent from the tuple (an unchanged TOASTed value, or non-key
 * columns of a key-only old tuple) are left out rather than invented.
 */
export function tupleToRow(tuple: Record<string, unknown> | null, relation: RelationLike): RowImage | null {
  if (!tuple) return null;
  const row: RowImage = {};
  for (const { name, typeOid } of relation.columns) {
    const value = tuple[name];
    if (value === undefined) continue;
    row[name] = pgTextToJson(typeof value === 'string' ? value : value === null ? null : String(value), typeOid);
  }
  return row;
}
