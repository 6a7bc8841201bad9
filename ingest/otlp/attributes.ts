/**
 * Attribute values flattened to strings the way the Collector's `pcommon.Value.AsString()` does,
 * so rows match what the Collector's ClickHouse exporter would have written. Both decoders
 * produce two forms: the top-level string, and a JSON fragment for values nested in an array or
 * kvlist (arrays and kvlists are stored as JSON built from those fragments).
 */

export type Attributes = Record<string, string>;

/** Arrays and kvlists nested deeper than this are refused rather than risking the stack. */
export const MAX_VALUE_DEPTH = 32;

/** Nested empty values (and NaN/±Inf, which JSON cannot hold) become JSON null. */
export const JSON_NULL = 'null';

/**
 * Sets one attribute, last key wins like the Collector's map. A plain assignment would make a
 * hostile `__proto__` key replace the object's prototype instead of being stored.
 */
export function setAttribute(target: Attributes, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * A double as Go's encoding/json writes it (ES6 number-to-string, which JS's String() already
 * is), except that Go keeps the sign of negative zero. Not-finite values get Go's names.
 */
export function doubleToString(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

export function doubleToJson(value: number): string {
  return Number.isFinite(value) ? doubleToString(value) : JSON_NULL;
}

export function boolToString(value: boolean): string {
  return value ? 'true' : 'false';
}

export function arrayToJson(fragments: string[]): string {
  return '[' + fragments.join(',') + ']';
}

/**
 * A kvlist as a JSON object. Go marshals maps with sorted keys and a map keeps the last value of
 * a repeated key, so this does the same.
 */
export function kvlistToJson(keys: string[], fragments: string[]): string {
  const byKey = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) byKey.set(keys[i] as string, fragments[i] as string);
  const sorted = [...byKey.keys()].sort();
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i] as string;
    if (i > 0) out += ',';
    out += JSON.stringify(key) + ':' + byKey.get(key);
  }
  return out + '}';
}

/** The Collector names spans of resources without `service.name` like this. */
export const UNKNOWN_SERVICE = 'unknown_service';

export function serviceNameOf(resourceAttributes: Attributes): string {
  const name = Object.hasOwn(resourceAttributes, 'service.name') ? resourceAttributes['service.name'] : undefined;
  return name ? name : UNKNOWN_SERVICE;
}
