import type { Reader } from 'protobufjs/minimal.js';

/**
 * Protobuf string fields read through a small direct-mapped cache of short ASCII strings.
 * Attribute keys, methods, routes, span and scope names repeat across nearly every span of a
 * request; handing back the same string object skips the native UTF-8 decode, halves the garbage
 * and lets V8 reuse the internalized key when the string becomes a property name.
 */
const SLOTS = 4096; // power of two
const MAX_CACHED_BYTES = 48;
const cache: string[] = new Array<string>(SLOTS).fill('');

export function readString(r: Reader): string {
  const lengthAt = r.pos;
  const length = r.uint32();
  const start = r.pos;
  const end = start + length;
  if (length === 0) return '';
  if (length > MAX_CACHED_BYTES || end > r.len) return rereadString(r, lengthAt);
  const buf = r.buf;
  // The slot comes from the length and a few sampled bytes (ends included, where ids and counters
  // differ); a hit is confirmed by comparing every byte, and cached strings are ASCII only, so an
  // equal match is also a correct decode.
  let hash = Math.imul(length, 0x9e3779b1);
  hash = Math.imul(hash ^ (buf[start] as number), 0x01000193);
  hash = Math.imul(hash ^ (buf[end - 1] as number), 0x01000193);
  hash = Math.imul(hash ^ (buf[start + (length >>> 1)] as number), 0x01000193);
  hash = Math.imul(hash ^ (buf[length >= 2 ? end - 2 : start] as number), 0x01000193);
  hash = Math.imul(hash ^ (buf[length >= 3 ? end - 3 : start] as number), 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
  const hit = cache[slot] as string;
  if (hit.length === length) {
    let i = 0;
    while (i < length && hit.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) {
      r.pos = end;
      return hit;
    }
  }
  for (let i = start; i < end; i++) if ((buf[i] as number) > 0x7f) return rereadString(r, lengthAt);
  const fresh = rereadString(r, lengthAt);
  cache[slot] = fresh;
  return fresh;
}

/** Lets protobufjs decode (and bounds-check) the field from its length prefix. */
function rereadString(r: Reader, lengthAt: number): string {
  r.pos = lengthAt;
  return r.string();
}
