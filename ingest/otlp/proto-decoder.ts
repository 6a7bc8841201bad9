/**
 * ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1/trace_service.proto) decoded
 * straight into `otel_traces` rows in one pass over the wire bytes: no intermediate message
 * objects, ids hexed from the buffer in place, 64-bit values read as two uint32 halves.
 *
 * Field tags are written as literal numbers (field << 3 | wire type) because they sit in the
 * hottest switch statements; each carries the proto field it stands for. A known field number
 * arriving with another wire type falls through to the skip branch, like an unknown field.
 */
import protobuf from 'protobufjs/minimal.js';
import type { Reader } from 'protobufjs/minimal.js';
import type { DecodedSpans, SpanRow } from '../span-row';
import {
  type Attributes,
  JSON_NULL,
  MAX_VALUE_DEPTH,
  UNKNOWN_SERVICE,
  arrayToJson,
  boolToString,
  doubleToJson,
  doubleToString,
  kvlistToJson,
  serviceNameOf,
  setAttribute,
} from './attributes';
import { OtlpDecodeError } from './errors';
import { hexOf } from './hex';
import { readString } from './proto-strings';
import { int64ToDecimal } from './int64';
import { nanosDiff, nanosToTimestamp } from './nanos';
import { Rejections, durationProblem, linkIdsProblem, spanIdsProblem, spanPath } from './rejections';
import { newRow, spanKindName, statusCodeName } from './row';

// protobufjs is CommonJS; only its default export is reliably importable from native ESM.
const { Reader: PbReader } = protobuf;

class DecodeState {
  readonly rows: SpanRow[] = [];
  readonly rejections = new Rejections();
  resourceIndex = 0;
  scopeIndex = 0;
  resourceAttributes: Attributes = {};
  serviceName = UNKNOWN_SERVICE;
  scopeName = '';
  scopeVersion = '';
}

export function decodeTracesProtobuf(body: Uint8Array): DecodedSpans {
  const reader = PbReader.create(asNodeBuffer(body));
  const state = new DecodeState();
  try {
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 10) {
        // resource_spans = 1
        readResourceSpans(reader, state);
        state.resourceIndex++;
      } else {
        skipField(reader, tag);
      }
    }
  } catch (err) {
    throw toDecodeError(err, reader);
  }
  return { rows: state.rows, rejected: state.rejections.count, errors: state.rejections.messages };
}

/** protobufjs hands out a Buffer-backed reader (native UTF-8 decoding) only for Buffers. */
function asNodeBuffer(body: Uint8Array): Uint8Array {
  if (typeof Buffer === 'undefined' || Buffer.isBuffer(body)) return body;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function readResourceSpans(r: Reader, state: DecodeState): void {
  const end = messageEnd(r);
  state.resourceAttributes = {};
  state.serviceName = UNKNOWN_SERVICE;
  state.scopeIndex = 0;
  const firstRow = state.rows.length;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      // resource = 1
      readResource(r, state.resourceAttributes);
      state.serviceName = serviceNameOf(state.resourceAttributes);
      // Field order on the wire is free: spans decoded before the resource get its name now.
      for (let i = firstRow; i < state.rows.length; i++) (state.rows[i] as SpanRow).ServiceName = state.serviceName;
    } else if (tag === 18) {
      // scope_spans = 2
      readScopeSpans(r, state);
      state.scopeIndex++;
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readResource(r: Reader, attributes: Attributes): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) readKeyValue(r, attributes); // attributes = 1
    else skipField(r, tag);
  }
  expectEnd(r, end);
}

function readScopeSpans(r: Reader, state: DecodeState): void {
  const end = messageEnd(r);
  state.scopeName = '';
  state.scopeVersion = '';
  const firstRow = state.rows.length;
  let spanIndex = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 18) {
      // spans = 2
      readSpan(r, state, spanIndex++);
    } else if (tag === 10) {
      // scope = 1
      readScope(r, state);
      for (let i = firstRow; i < state.rows.length; i++) {
        const row = state.rows[i] as SpanRow;
        row.ScopeName = state.scopeName;
        row.ScopeVersion = state.scopeVersion;
      }
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readScope(r: Reader, state: DecodeState): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) state.scopeName = readString(r); // name = 1
    else if (tag === 18) state.scopeVersion = readString(r); // version = 2
    else skipField(r, tag);
  }
  expectEnd(r, end);
}

function readSpan(r: Reader, state: DecodeState, spanIndex: number): void {
  const end = messageEnd(r);
  const buf = r.buf;
  const row = newRow(state.serviceName, state.resourceAttributes, state.scopeName, state.scopeVersion);
  let startLo = 0;
  let startHi = 0;
  let endLo = 0;
  let endHi = 0;
  let linkIndex = 0;
  let linkProblem = '';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10: // trace_id = 1, bytes
        row.TraceId = readHex(r);
        break;
      case 18: // span_id = 2, bytes
        row.SpanId = readHex(r);
        break;
      case 26: // trace_state = 3
        row.TraceState = readString(r);
        break;
      case 34: // parent_span_id = 4, bytes
        row.ParentSpanId = readHex(r);
        break;
      case 42: // name = 5
        row.SpanName = readString(r);
        break;
      case 48: // kind = 6, enum
        row.SpanKind = spanKindName(r.uint32());
        break;
      case 57: // start_time_unix_nano = 7, fixed64
        need(r, 8);
        startLo = u32le(buf, r.pos);
        startHi = u32le(buf, r.pos + 4);
        r.pos += 8;
        break;
      case 65: // end_time_unix_nano = 8, fixed64
        need(r, 8);
        endLo = u32le(buf, r.pos);
        endHi = u32le(buf, r.pos + 4);
        r.pos += 8;
        break;
      case 74: // attributes = 9
        readKeyValue(r, row.SpanAttributes);
        break;
      case 90: // events = 11
        readEvent(r, row);
        break;
      case 106: {
        // links = 13
        const problem = readLink(r, row, linkIndex++);
        if (linkProblem === '') linkProblem = problem;
        break;
      }
      case 122: // status = 15
        readStatus(r, row);
        break;
      default:
        skipField(r, tag);
    }
  }
  expectEnd(r, end);

  const duration = nanosDiff(endLo, endHi, startLo, startHi);
  let problem = spanIdsProblem(row.TraceId, row.SpanId, row.ParentSpanId);
  if (problem === '') problem = durationProblem(duration);
  if (problem === '') problem = linkProblem;
  if (problem !== '') {
    state.rejections.add(spanPath(state.resourceIndex, state.scopeIndex, spanIndex), problem);
    return;
  }
  row.Timestamp = nanosToTimestamp(startLo, startHi);
  row.Duration = duration;
  state.rows.push(row);
}

function readStatus(r: Reader, row: SpanRow): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 24) row.StatusCode = statusCodeName(r.uint32()); // code = 3
    else if (tag === 18) row.StatusMessage = readString(r); // message = 2
    else skipField(r, tag);
  }
  expectEnd(r, end);
}

function readEvent(r: Reader, row: SpanRow): void {
  const end = messageEnd(r);
  const buf = r.buf;
  let timeLo = 0;
  let timeHi = 0;
  let name = '';
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 9) {
      // time_unix_nano = 1, fixed64
      need(r, 8);
      timeLo = u32le(buf, r.pos);
      timeHi = u32le(buf, r.pos + 4);
      r.pos += 8;
    } else if (tag === 18) {
      name = readString(r); // name = 2
    } else if (tag === 26) {
      readKeyValue(r, attributes); // attributes = 3
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
  row['Events.Timestamp'].push(nanosToTimestamp(timeLo, timeHi));
  row['Events.Name'].push(name);
  row['Events.Attributes'].push(attributes);
}

/** Appends the link to the row and returns why its ids are unusable, or ''. */
function readLink(r: Reader, row: SpanRow, index: number): string {
  const end = messageEnd(r);
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) traceId = readHex(r); // trace_id = 1
    else if (tag === 18) spanId = readHex(r); // span_id = 2
    else if (tag === 26) traceState = readString(r); // trace_state = 3
    else if (tag === 34) readKeyValue(r, attributes); // attributes = 4
    else skipField(r, tag);
  }
  expectEnd(r, end);
  row['Links.TraceId'].push(traceId);
  row['Links.SpanId'].push(spanId);
  row['Links.TraceState'].push(traceState);
  row['Links.Attributes'].push(attributes);
  return linkIdsProblem(index, traceId, spanId);
}

function readKeyValue(r: Reader, target: Attributes): void {
  const end = messageEnd(r);
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) key = readString(r); // key = 1
    else if (tag === 18) value = readAnyValue(r, false, 0); // value = 2
    else skipField(r, tag);
  }
  expectEnd(r, end);
  setAttribute(target, key, value);
}

/**
 * One AnyValue flattened: the top-level string form, or (`nested`) the JSON fragment used inside
 * arrays and kvlists. An AnyValue with no field set is the empty value.
 */
function readAnyValue(r: Reader, nested: boolean, depth: number): string {
  const end = messageEnd(r);
  let out = nested ? JSON_NULL : '';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10: {
        // string_value = 1
        const s = readString(r);
        out = nested ? JSON.stringify(s) : s;
        break;
      }
      case 16: // bool_value = 2
        out = boolToString(r.bool());
        break;
      case 24: // int_value = 3, int64
        out = readInt64Decimal(r);
        break;
      case 33: // double_value = 4
        out = nested ? doubleToJson(r.double()) : doubleToString(r.double());
        break;
      case 42: // array_value = 5
        out = readArrayValue(r, depth + 1);
        break;
      case 50: // kvlist_value = 6
        out = readKeyValueList(r, depth + 1);
        break;
      case 58: {
        // bytes_value = 7
        const base64 = readBase64(r);
        out = nested ? '"' + base64 + '"' : base64;
        break;
      }
      default:
        skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return out;
}

function readArrayValue(r: Reader, depth: number): string {
  checkDepth(r, depth);
  const end = messageEnd(r);
  const fragments: string[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) fragments.push(readAnyValue(r, true, depth)); // values = 1
    else skipField(r, tag);
  }
  expectEnd(r, end);
  return arrayToJson(fragments);
}

function readKeyValueList(r: Reader, depth: number): string {
  checkDepth(r, depth);
  const end = messageEnd(r);
  const keys: string[] = [];
  const fragments: string[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      // values = 1, each a KeyValue
      const kvEnd = messageEnd(r);
      let key = '';
      let value = JSON_NULL;
      while (r.pos < kvEnd) {
        const kvTag = r.tag();
        if (kvTag === 10) key = readString(r);
        else if (kvTag === 18) value = readAnyValue(r, true, depth);
        else skipField(r, kvTag);
      }
      expectEnd(r, kvEnd);
      keys.push(key);
      fragments.push(value);
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return kvlistToJson(keys, fragments);
}

function checkDepth(r: Reader, depth: number): void {
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`invalid protobuf: attribute value nested deeper than ${MAX_VALUE_DEPTH} levels at offset ${r.pos}`);
  }
}

/** A length-delimited field's bytes as lowercase hex, read in place. */
function readHex(r: Reader): string {
  const length = r.uint32();
  need(r, length);
  const hex = hexOf(r.buf, r.pos, length);
  r.pos += length;
  return hex;
}

function readBase64(r: Reader): string {
  const length = r.uint32();
  need(r, length);
  const buf = r.buf;
  const base64 = Buffer.from(buf.buffer, buf.byteOffset + r.pos, length).toString('base64');
  r.pos += length;
  return base64;
}

/**
 * An int64 varint as exact decimal text. protobufjs would return a Long (or a lossy number when
 * `long` is not resolvable, as under some bundlers), so the varint is decoded here into halves.
 */
function readInt64Decimal(r: Reader): string {
  const buf = r.buf;
  const len = r.len;
  let pos = r.pos;
  let lo = 0;
  let hi = 0;
  let b = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= len) throw truncated(pos);
    b = buf[pos++] as number;
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = pos;
      return int64ToDecimal(lo >>> 0, 0);
    }
  }
  if (pos >= len) throw truncated(pos);
  b = buf[pos++] as number;
  lo |= (b & 0x7f) << 28;
  hi = (b & 0x7f) >>> 4;
  if (b < 0x80) {
    r.pos = pos;
    return int64ToDecimal(lo >>> 0, hi);
  }
  for (let shift = 3; shift < 32; shift += 7) {
    if (pos >= len) throw truncated(pos);
    b = buf[pos++] as number;
    hi |= (b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = pos;
      return int64ToDecimal(lo >>> 0, hi >>> 0);
    }
  }
  throw new OtlpDecodeError(`invalid protobuf: varint longer than 10 bytes at offset ${pos}`);
}

function u32le(buf: Uint8Array, pos: number): number {
  return ((buf[pos] as number) | ((buf[pos + 1] as number) << 8) | ((buf[pos + 2] as number) << 16) | ((buf[pos + 3] as number) << 24)) >>> 0;
}

function need(r: Reader, bytes: number): void {
  if (r.pos + bytes > r.len) throw truncated(r.pos);
}

/** Reads a length prefix and returns where the embedded message ends. */
function messageEnd(r: Reader): number {
  const length = r.uint32();
  const end = r.pos + length;
  if (end > r.len) throw truncated(r.pos);
  return end;
}

/** A field that claimed to end inside its message but ran past it means the lengths are corrupt. */
function expectEnd(r: Reader, end: number): void {
  if (r.pos !== end) throw new OtlpDecodeError(`invalid protobuf: field overruns its enclosing message at offset ${end}`);
}

function skipField(r: Reader, tag: number): void {
  if (tag >>> 3 === 0) throw new OtlpDecodeError(`invalid protobuf: field number 0 at offset ${r.pos}`);
  r.skipType(tag & 7, 0, tag >>> 3);
}

function truncated(offset: number): OtlpDecodeError {
  return new OtlpDecodeError(`invalid protobuf: truncated message at offset ${offset}`);
}

// What protobufjs's Reader throws on malformed input (it uses plain Error/RangeError).
const READER_ERROR = /^(index out of range|invalid |illegal tag|max depth exceeded)/;

function toDecodeError(err: unknown, r: Reader): unknown {
  if (err instanceof OtlpDecodeError) return err;
  if (err instanceof Error && READER_ERROR.test(err.message)) {
    if (err.message.startsWith('index out of range')) return truncated(r.pos);
    const what = err.message.replace(/ at offset \d+$/, '');
    return new OtlpDecodeError(`invalid protobuf: ${what} at offset ${r.pos}`);
  }
  // Anything else is a bug in this decoder, not bad input: let it surface as one.
  return err;
}
