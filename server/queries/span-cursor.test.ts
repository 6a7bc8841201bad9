import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './span-cursor';

describe('span cursor', () => {
  it('round-trips the keyset position', () => {
    const c = { tsNs: '1795300000123456789', traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('rejects anything it did not produce', () => {
    expect(decodeCursor('')).toBeUndefined();
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
    expect(decodeCursor(Buffer.from("1:'); DROP TABLE x; --:0").toString('base64url'))).toBeUndefined();
  });
});
