/**
 * Test support: a tiny protobuf encoder independent of the decoder under test, for requests the
 * official SDK cannot produce (invalid ids, unusual field order, unknown fields, int64 extremes).
 */

export type Field =
  | { n: number; varint: number | bigint }
  | { n: number; fixed64: bigint }
  | { n: number; fixed32: number }
  | { n: number; double: number }
  | { n: number; bytes: Uint8Array | number[] }
  | { n: number; string: string }
  | { n: number; message: Field[] }
  | { n: number; group: Field[] };

function varint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function tag(out: number[], n: number, wireType: number): void {
  varint(out, BigInt((n << 3) | wireType));
}

function lengthDelimited(out: number[], n: number, bytes: ArrayLike<number>): void {
  tag(out, n, 2);
  varint(out, BigInt(bytes.length));
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i] as number);
}

function encodeInto(out: number[], fields: readonly Field[]): void {
  for (const f of fields) {
    if ('varint' in f) {
      tag(out, f.n, 0);
      varint(out, BigInt(f.varint));
    } else if ('fixed64' in f) {
      tag(out, f.n, 1);
      let v = BigInt.asUintN(64, f.fixed64);
      for (let i = 0; i < 8; i++, v >>= 8n) out.push(Number(v & 0xffn));
    } else if ('double' in f) {
      tag(out, f.n, 1);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, f.double, true);
      out.push(...b);
    } else if ('fixed32' in f) {
      tag(out, f.n, 5);
      for (let i = 0; i < 4; i++) out.push((f.fixed32 >>> (8 * i)) & 0xff);
    } else if ('bytes' in f) {
      lengthDelimited(out, f.n, f.bytes);
    } else if ('string' in f) {
      lengthDelimited(out, f.n, new TextEncoder().encode(f.string));
    } else if ('message' in f) {
      lengthDelimited(out, f.n, encode(f.message));
    } else {
      tag(out, f.n, 3);
      encodeInto(out, f.group);
      tag(out, f.n, 4);
    }
  }
}

export function encode(fields: readonly Field[]): Uint8Array {
  const out: number[] = [];
  encodeInto(out, fields);
  return Uint8Array.from(out);
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

// Builders named after the OTLP messages, with the field numbers spelled out once.

export const anyString = (s: string): Field[] => [{ n: 1, string: s }];
export const anyBool = (b: boolean): Field[] => [{ n: 2, varint: b ? 1 : 0 }];
export const anyInt = (i: bigint | number): Field[] => [{ n: 3, varint: BigInt(i) }];
export const anyDouble = (d: number): Field[] => [{ n: 4, double: d }];
export const anyArray = (values: Field[][]): Field[] => [{ n: 5, message: values.map((v) => ({ n: 1, message: v })) }];
export const anyKvlist = (kvs: Array<[string, Field[]]>): Field[] => [{ n: 6, message: kvs.map(([k, v]) => ({ n: 1, message: keyValue(k, v) })) }];
export const anyBytes = (b: number[]): Field[] => [{ n: 7, bytes: b }];

export function keyValue(key: string, value: Field[] | undefined): Field[] {
  return value === undefined ? [{ n: 1, string: key }] : [{ n: 1, string: key }, { n: 2, message: value }];
}

export const attr = (field: number, key: string, value: Field[] | undefined): Field => ({ n: field, message: keyValue(key, value) });

export interface SpanSpec {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  start?: bigint;
  end?: bigint;
  extra?: Field[];
}

export const GOOD_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const GOOD_SPAN = '00f067aa0ba902b7';
export const START = 1_795_300_000_123_456_789n;

export function span(spec: SpanSpec = {}): Field[] {
  const fields: Field[] = [];
  const traceId = spec.traceId ?? GOOD_TRACE;
  const spanId = spec.spanId ?? GOOD_SPAN;
  if (traceId !== '') fields.push({ n: 1, bytes: hexBytes(traceId) });
  if (spanId !== '') fields.push({ n: 2, bytes: hexBytes(spanId) });
  if (spec.parentSpanId) fields.push({ n: 4, bytes: hexBytes(spec.parentSpanId) });
  fields.push({ n: 5, string: spec.name ?? 'op' });
  if (spec.kind !== undefined) fields.push({ n: 6, varint: spec.kind });
  fields.push({ n: 7, fixed64: spec.start ?? START });
  fields.push({ n: 8, fixed64: spec.end ?? (spec.start ?? START) + 1000n });
  fields.push(...(spec.extra ?? []));
  return fields;
}

export function request(resources: Array<{ resource?: Field[]; scopes: Array<{ scope?: Field[]; spans: Field[][] }> }>): Uint8Array {
  return encode(
    resources.map((r) => ({
      n: 1,
      message: [
        ...(r.resource ? [{ n: 1, message: r.resource }] : []),
        ...r.scopes.map((s) => ({
          n: 2,
          message: [...(s.scope ? [{ n: 1, message: s.scope }] : []), ...s.spans.map((sp) => ({ n: 2, message: sp }))],
        })),
      ],
    })),
  );
}

/** A request with one resource and one scope holding the given spans. */
export function requestOf(...spans: Field[][]): Uint8Array {
  return request([{ resource: [attr(1, 'service.name', anyString('svc'))], scopes: [{ scope: [{ n: 1, string: 'lib' }], spans }] }]);
}

/** Deterministic PRNG so fuzz failures reproduce. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
