// Char codes of the two hex digits of every byte value, so an id is built as one flat string
// from a scratch array: concatenating 16 two-character pieces costs ~4x more (cons strings).
const DIGIT_CODES = new Uint16Array(512);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  DIGIT_CODES[2 * b] = hex.charCodeAt(0);
  DIGIT_CODES[2 * b + 1] = hex.charCodeAt(1);
}

// Span ids (8 bytes) and trace ids (16 bytes) are nearly every call; other lengths only occur in
// spans that get rejected.
const SCRATCH_8: number[] = new Array<number>(16).fill(0);
const SCRATCH_16: number[] = new Array<number>(32).fill(0);

/** Lowercase hex of `buf[start .. start + length)`. */
export function hexOf(buf: Uint8Array, start: number, length: number): string {
  if (length === 0) return '';
  const codes = length === 16 ? SCRATCH_16 : length === 8 ? SCRATCH_8 : new Array<number>(length * 2);
  for (let i = 0; i < length; i++) {
    const b = buf[start + i] as number;
    codes[2 * i] = DIGIT_CODES[2 * b] as number;
    codes[2 * i + 1] = DIGIT_CODES[2 * b + 1] as number;
  }
  return String.fromCharCode.apply(null, codes);
}
