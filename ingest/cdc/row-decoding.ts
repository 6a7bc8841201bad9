import type { RowImage, RowValue } from './change-event';
import { decodePrecise, formatDecimal, isBase64, parseDecimal, DecimalError } from './decimal';
import type { ConnectSchema } from './debezium-envelope';

/** Why one change event cannot be stored; the sender gets this message for that event. */
export class CdcEventError extends Error {}

const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const VARIABLE_SCALE_DECIMAL = 'io.debezium.data.VariableScaleDecimal';
const INTEGER_TYPES = new Set(['int8', 'int16', 'int32', 'int64']);
const FLOAT_TYPES = new Set(['float', 'float32', 'float64', 'double']);

export interface RowDecodingContext {
  /** Column schemas from the `{schema, payload}` wrapper, when the sender included them. */
  fields?: ReadonlyMap<string, ConnectSchema>;
  /** Columns the ledger mapping declares as money. */
  money: ReadonlySet<string>;
}

function isVariableScaleStruct(value: unknown): value is { scale: number; value: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return keys.length === 2 && typeof v.scale === 'number' && typeof v.value === 'string';
}

function decimalScale(schema: ConnectSchema): number {
  const raw = schema.parameters?.scale ?? schema.parameters?.['connect.decimal.scale'];
  const scale = Number(raw);
  if (raw === undefined || !Number.isInteger(scale)) {
    throw new CdcEventError(`field ${schema.field ?? '?'} is a ${DECIMAL} without an integer "scale" parameter`);
  }
  return scale;
}

/** Big integers and nested structures, with BigInt turned into exact digit strings. */
function plain(value: unknown): RowValue {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, RowValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value as RowValue;
}

function decodeMoney(column: string, value: unknown, schema: ConnectSchema | undefined): RowValue {
  if (value === null || value === undefined) return null;
  if (schema && FLOAT_TYPES.has(schema.type)) throw doubleMoney(column, String(value));
  if (typeof value === 'number' || typeof value === 'bigint') {
    // Integer money (minor units) is exact, but only the schema can tell it from a whole double.
    if (schema && INTEGER_TYPES.has(schema.type) && (typeof value === 'bigint' || Number.isSafeInteger(value))) return String(value);
    throw doubleMoney(column, String(value));
  }
  if (typeof value === 'string') {
    try {
      return formatDecimal(parseDecimal(value));
    } catch {
      if (isBase64(value) && !schema) {
        throw new CdcEventError(
          `money column ${column} holds "${value}", which looks like a decimal.handling.mode=precise value, but the event has no schema to give its scale: send {schema, payload} (schemas enabled) or set decimal.handling.mode=string`,
        );
      }
      throw new CdcEventError(`money column ${column} holds "${value.slice(0, 40)}", which is not a decimal number`);
    }
  }
  throw new CdcEventError(`money column ${column} holds ${JSON.stringify(plain(value))}, which is not a decimal number`);
}

function doubleMoney(column: string, shown: string): CdcEventError {
  return new CdcEventError(
    `money column ${column} was sent as the floating-point number ${shown} (Debezium decimal.handling.mode=double), which cannot represent amounts exactly; configure decimal.handling.mode=string (recommended) or precise`,
  );
}

function decodeValue(column: string, value: unknown, ctx: RowDecodingContext): RowValue {
  const schema = ctx.fields?.get(column);
  try {
    if (schema?.name === DECIMAL && typeof value === 'string') return formatDecimal(decodePrecise(value, decimalScale(schema)));
    // Debezium sends row values as structs only for such types, so without a schema the shape decides.
    if ((schema ? schema.name === VARIABLE_SCALE_DECIMAL : true) && isVariableScaleStruct(value)) {
      return formatDecimal(decodePrecise(value.value, value.scale));
    }
  } catch (err) {
    if (err instanceof DecimalError) throw new CdcEventError(`column ${column}: ${err.message}`);
    throw err;
  }
  if (ctx.money.has(column)) return decodeMoney(column, value, schema);
  return plain(value);
}

/** Decodes one before/after image: exact decimals from every encoding, floats refused for money. */
export function decodeRowImage(image: Record<string, unknown> | null | undefined, ctx: RowDecodingContext): RowImage | null {
  if (image === null || image === undefined) return null;
  const row: RowImage = {};
  for (const [column, value] of Object.entries(image)) row[column] = decodeValue(column, value, ctx);
  return row;
}

/** Column schemas of the `before`/`after` struct inside a change event's wrapper schema. */
export function rowFieldSchemas(schema: ConnectSchema | undefined, image: 'before' | 'after'): Map<string, ConnectSchema> | undefined {
  const struct = schema?.fields?.find((f) => f.field === image);
  if (!struct?.fields) return undefined;
  return new Map(struct.fields.filter((f) => f.field !== undefined).map((f) => [f.field!, f]));
}
