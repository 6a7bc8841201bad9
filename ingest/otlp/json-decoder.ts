/**
 * OTLP/JSON ExportTraceServiceRequest (the protobuf JSON mapping with OTLP's exceptions: hex ids,
 * integer enums) decoded into `otel_traces` rows. zod checks the envelope; below it the walk checks
 * types by hand while it builds rows, because a zod schema per span would cost more than the
 * decoding itself at ingest rates. Every failure names the path of the offending value.
 *
 * Accepted leniencies, as proto3 JSON parsers accept them: snake_case field names, null for an
 * absent field, int64 as decimal string or number, enums as integer or name, uppercase hex.
 */
import { z } from 'zod';
import type { DecodedSpans, SpanRow } from '../span-row';
import {
  type Attributes,
  JSON_NULL,
  MAX_VALUE_DEPTH,
  arrayToJson,
  boolToString,
  doubleToJson,
  doubleToString,
  kvlistToJson,
  serviceNameOf,
  setAttribute,
} from './attributes';
import { OtlpDecodeError } from './errors';
import { canonicalInt64, canonicalUint64 } from './int64';
import { decimalNanosDiff, decimalNanosToTimestamp } from './nanos';
import { Rejections, durationProblem, linkIdsProblem, spanIdsProblem, spanPath } from './rejections';
import { newRow, spanKindName, statusCodeName } from './row';

type JsonObject = Record<string, unknown>;

const messageList = z.array(z.looseObject({})).nullish();
const envelopeSchema = z.object({ resourceSpans: messageList, resource_spans: messageList });

const SPAN_KINDS = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
]);
const STATUS_CODES = new Map([
  ['STATUS_CODE_UNSET', 0],
  ['STATUS_CODE_OK', 1],
  ['STATUS_CODE_ERROR', 2],
]);

export function decodeTracesJson(body: Uint8Array): DecodedSpans {
  const envelope = envelopeSchema.safeParse(parseJson(body));
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new OtlpDecodeError(`${issue ? formatPath(issue.path) : '(root)'}: ${issue?.message ?? 'invalid request'}`);
  }
  const resourceSpans = envelope.data.resourceSpans ?? envelope.data.resource_spans ?? [];
  const rows: SpanRow[] = [];
  const rejections = new Rejections();
  for (let i = 0; i < resourceSpans.length; i++) {
    readResourceSpans(resourceSpans[i] as JsonObject, i, rows, rejections);
  }
  return { rows, rejected: rejections.count, errors: rejections.messages };
}

function parseJson(body: Uint8Array): unknown {
  let text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function readResourceSpans(rs: JsonObject, i: number, rows: SpanRow[], rejections: Rejections): void {
  const path = `resourceSpans[${i}]`;
  const attributes: Attributes = {};
  const resource = optionalObject(rs['resource'], path, 'resource');
  if (resource) readAttributes(resource['attributes'], `${path}.resource`, attributes);
  const serviceName = serviceNameOf(attributes);
  const scopeSpans = optionalArray(field(rs, 'scopeSpans', 'scope_spans'), path, 'scopeSpans');
  for (let j = 0; j < scopeSpans.length; j++) {
    const scopePath = `${path}.scopeSpans[${j}]`;
    const ss = requireObject(scopeSpans[j], scopePath);
    const scope = optionalObject(ss['scope'], scopePath, 'scope');
    const scopeName = scope ? optionalString(scope['name'], `${scopePath}.scope`, 'name') : '';
    const scopeVersion = scope ? optionalString(scope['version'], `${scopePath}.scope`, 'version') : '';
    const spans = optionalArray(ss['spans'], scopePath, 'spans');
    for (let k = 0; k < spans.length; k++) {
      const row = newRow(serviceName, attributes, scopeName, scopeVersion);
      const problem = readSpan(spans[k], `${scopePath}.spans[${k}]`, row);
      if (problem === '') rows.push(row);
      else rejections.add(spanPath(i, j, k), problem);
    }
  }
}

/** Fills the row; returns why the span must be rejected, or ''. Malformed values throw. */
function readSpan(value: unknown, path: string, row: SpanRow): string {
  const span = requireObject(value, path);
  row.TraceId = hexId(field(span, 'traceId', 'trace_id'), path, 'traceId', 16);
  row.SpanId = hexId(field(span, 'spanId', 'span_id'), path, 'spanId', 8);
  row.ParentSpanId = hexId(field(span, 'parentSpanId', 'parent_span_id'), path, 'parentSpanId', 8);
  row.TraceState = optionalString(field(span, 'traceState', 'trace_state'), path, 'traceState');
  row.SpanName = optionalString(span['name'], path, 'name');
  row.SpanKind = spanKindName(enumValue(span['kind'], SPAN_KINDS, path, 'kind'));
  const start = nanos(field(span, 'startTimeUnixNano', 'start_time_unix_nano'), path, 'startTimeUnixNano');
  const end = nanos(field(span, 'endTimeUnixNano', 'end_time_unix_nano'), path, 'endTimeUnixNano');
  readAttributes(span['attributes'], path, row.SpanAttributes);

  const events = optionalArray(span['events'], path, 'events');
  for (let i = 0; i < events.length; i++) readEvent(events[i], `${path}.events[${i}]`, row);

  let linkProblem = '';
  const links = optionalArray(span['links'], path, 'links');
  for (let i = 0; i < links.length; i++) {
    const problem = readLink(links[i], `${path}.links[${i}]`, i, row);
    if (linkProblem === '') linkProblem = problem;
  }

  const status = optionalObject(span['status'], path, 'status');
  if (status) {
    row.StatusMessage = optionalString(status['message'], `${path}.status`, 'message');
    row.StatusCode = statusCodeName(enumValue(status['code'], STATUS_CODES, `${path}.status`, 'code'));
  }

  const duration = decimalNanosDiff(end, start);
  let problem = spanIdsProblem(row.TraceId, row.SpanId, row.ParentSpanId);
  if (problem === '') problem = durationProblem(duration);
  if (problem === '') problem = linkProblem;
  if (problem === '') {
    row.Timestamp = decimalNanosToTimestamp(start);
    row.Duration = duration;
  }
  return problem;
}

function readEvent(value: unknown, path: string, row: SpanRow): void {
  const event = requireObject(value, path);
  const time = nanos(field(event, 'timeUnixNano', 'time_unix_nano'), path, 'timeUnixNano');
  const name = optionalString(event['name'], path, 'name');
  const attributes: Attributes = {};
  readAttributes(event['attributes'], path, attributes);
  row['Events.Timestamp'].push(decimalNanosToTimestamp(time));
  row['Events.Name'].push(name);
  row['Events.Attributes'].push(attributes);
}

function readLink(value: unknown, path: string, index: number, row: SpanRow): string {
  const link = requireObject(value, path);
  const traceId = hexId(field(link, 'traceId', 'trace_id'), path, 'traceId', 16);
  const spanId = hexId(field(link, 'spanId', 'span_id'), path, 'spanId', 8);
  const traceState = optionalString(field(link, 'traceState', 'trace_state'), path, 'traceState');
  const attributes: Attributes = {};
  readAttributes(link['attributes'], path, attributes);
  row['Links.TraceId'].push(traceId);
  row['Links.SpanId'].push(spanId);
  row['Links.TraceState'].push(traceState);
  row['Links.Attributes'].push(attributes);
  return linkIdsProblem(index, traceId, spanId);
}

function readAttributes(value: unknown, path: string, target: Attributes): void {
  const list = optionalArray(value, path, 'attributes');
  for (let i = 0; i < list.length; i++) {
    // Paths are built only when something is wrong: attributes are the bulk of a request.
    const kv = list[i];
    if (!isObject(kv)) throw new OtlpDecodeError(`${path}.attributes[${i}]: expected an object`);
    const key = kv['key'];
    if (typeof key !== 'string' && key !== undefined && key !== null) fail(`${path}.attributes[${i}]`, 'key', 'expected a string');
    const v = kv['value'];
    const flat = isObject(v) ? scalarValue(v) : undefined;
    setAttribute(target, key ?? '', flat ?? anyValue(v, `${path}.attributes[${i}].value`, false, 0));
  }
}

/** Fast path for the common well-formed string/int/bool/double values; undefined → full check. */
function scalarValue(v: JsonObject): string | undefined {
  const s = v['stringValue'];
  if (typeof s === 'string') return s;
  const n = v['intValue'];
  if (typeof n === 'number' && Number.isSafeInteger(n)) return String(n);
  if (typeof n === 'string') return canonicalInt64(n);
  const b = v['boolValue'];
  if (typeof b === 'boolean') return boolToString(b);
  const d = v['doubleValue'];
  if (typeof d === 'number') return doubleToString(d);
  return undefined;
}

/** The AnyValue as its top-level string, or (`nested`) as a JSON fragment; see attributes.ts. */
function anyValue(value: unknown, path: string, nested: boolean, depth: number): string {
  if (value === undefined || value === null) return nested ? JSON_NULL : '';
  const v = requireObject(value, path);
  let x = field(v, 'stringValue', 'string_value');
  if (x !== undefined) {
    if (typeof x !== 'string') fail(path, 'stringValue', 'expected a string');
    return nested ? JSON.stringify(x) : x;
  }
  x = field(v, 'intValue', 'int_value');
  if (x !== undefined) {
    // The official JS JSON serializer sends any integral number as intValue, even 1e21, which its
    // protobuf serializer sends as a double: store such numbers as the double they are.
    if (typeof x === 'number' && (x >= 2 ** 63 || x < -(2 ** 63))) return nested ? doubleToJson(x) : doubleToString(x);
    const decimal = typeof x === 'string' || typeof x === 'number' ? canonicalInt64(x) : undefined;
    if (decimal === undefined) fail(path, 'intValue', 'expected a 64-bit integer (decimal string or number)');
    return decimal;
  }
  x = field(v, 'boolValue', 'bool_value');
  if (x !== undefined) {
    if (typeof x !== 'boolean') fail(path, 'boolValue', 'expected true or false');
    return boolToString(x);
  }
  x = field(v, 'doubleValue', 'double_value');
  if (x !== undefined) {
    const d = doubleOf(x);
    if (d === undefined) fail(path, 'doubleValue', 'expected a number, "NaN", "Infinity" or "-Infinity"');
    return nested ? doubleToJson(d) : doubleToString(d);
  }
  x = field(v, 'arrayValue', 'array_value');
  if (x !== undefined) {
    checkDepth(path, depth);
    const values = optionalArray(requireObject(x, `${path}.arrayValue`)['values'], `${path}.arrayValue`, 'values');
    const fragments = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) {
      fragments[i] = anyValue(values[i], `${path}.arrayValue.values[${i}]`, true, depth + 1);
    }
    return arrayToJson(fragments);
  }
  x = field(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) {
    checkDepth(path, depth);
    const values = optionalArray(requireObject(x, `${path}.kvlistValue`)['values'], `${path}.kvlistValue`, 'values');
    const keys = new Array<string>(values.length);
    const fragments = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) {
      const kvPath = `${path}.kvlistValue.values[${i}]`;
      const kv = requireObject(values[i], kvPath);
      keys[i] = optionalString(kv['key'], kvPath, 'key');
      fragments[i] = anyValue(kv['value'], `${kvPath}.value`, true, depth + 1);
    }
    return kvlistToJson(keys, fragments);
  }
  x = field(v, 'bytesValue', 'bytes_value');
  if (x !== undefined) {
    if (typeof x !== 'string' || !BASE64.test(x)) fail(path, 'bytesValue', 'expected base64');
    // Re-encoded so URL-safe or unpadded input is stored as the standard base64 the Collector writes.
    const base64 = Buffer.from(x, 'base64').toString('base64');
    return nested ? '"' + base64 + '"' : base64;
  }
  return nested ? JSON_NULL : '';
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const DECIMAL_FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function doubleOf(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return undefined;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return DECIMAL_FLOAT.test(x) ? Number(x) : undefined;
}

function checkDepth(path: string, depth: number): void {
  if (depth >= MAX_VALUE_DEPTH) throw new OtlpDecodeError(`${path}: attribute value nested deeper than ${MAX_VALUE_DEPTH} levels`);
}

/** The camelCase (JSON name) field, else its proto snake_case name; null counts as absent. */
function field(obj: JsonObject, camel: string, snake: string): unknown {
  const value = obj[camel];
  if (value !== undefined && value !== null) return value;
  const alt = obj[snake];
  return alt === null ? undefined : alt;
}

const LOWER_HEX = /^[0-9a-f]*$/;
const ANY_HEX = /^[0-9a-fA-F]*$/;

/**
 * Ids are hex in OTLP/JSON (not base64 as in the generic protobuf mapping). An empty or absent id
 * is the empty byte string and is judged with the span; anything that is not hex of exactly the
 * id's length cannot be decoded at all.
 */
function hexId(value: unknown, path: string, name: string, bytes: number): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'string' && value.length === bytes * 2) {
    if (LOWER_HEX.test(value)) return value;
    if (ANY_HEX.test(value)) return value.toLowerCase();
  }
  return fail(path, name, `expected ${bytes * 2} hex characters`);
}

/** A fixed64 nanosecond timestamp as canonical decimal text ('0' when absent). */
function nanos(value: unknown, path: string, name: string): string {
  if (value === undefined) return '0';
  const decimal = typeof value === 'string' || typeof value === 'number' ? canonicalUint64(value) : undefined;
  return decimal ?? fail(path, name, 'expected an unsigned 64-bit integer (decimal string or number)');
}

function enumValue(value: unknown, names: ReadonlyMap<string, number>, path: string, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const known = names.get(value);
    if (known !== undefined) return known;
    if (/^-?\d+$/.test(value)) return Number(value);
  }
  return fail(path, name, `expected an integer or one of ${[...names.keys()].join(', ')}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, path: string): JsonObject {
  if (isObject(value)) return value;
  throw new OtlpDecodeError(`${path}: expected an object`);
}

function optionalObject(value: unknown, path: string, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as JsonObject;
  return fail(path, name, 'expected an object');
}

const NO_ITEMS: readonly unknown[] = [];

function optionalArray(value: unknown, path: string, name: string): readonly unknown[] {
  if (value === undefined || value === null) return NO_ITEMS;
  if (Array.isArray(value)) return value;
  return fail(path, name, 'expected an array');
}

function optionalString(value: unknown, path: string, name: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return fail(path, name, 'expected a string');
}

function fail(path: string, name: string, expected: string): never {
  throw new OtlpDecodeError(`${path}.${name}: ${expected}`);
}
