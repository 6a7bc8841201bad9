import { describe, expect, it } from 'vitest';
import { chain, GENESIS_HASH, verifyChain, type ChainedEntry } from './audit-chain';

function build(n: number): ChainedEntry[] {
  const rows: ChainedEntry[] = [];
  for (let i = 1; i <= n; i++) {
    rows.push(chain({ seq: i, atMs: 1_700_000_000_000 + i, actor: 'ann', action: 'resolve', target: `b${i}`, detail: JSON.stringify({ comment: `c${i}` }) }, rows.at(-1)?.hash ?? GENESIS_HASH));
  }
  return rows;
}

describe('audit hash chain', () => {
  it('verifies an intact chain and an empty one', () => {
    const rows = build(4);
    expect(verifyChain(rows)).toEqual({ ok: true, rows: 4, headHash: rows[3]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, rows: 0, headHash: GENESIS_HASH });
  });

  it('detects an edited field, even with its own hash recomputed', () => {
    const rows = build(4);
    rows[1] = { ...rows[1]!, actor: 'mallory' };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: expect.stringContaining('altered') });
    const rehashed = build(4);
    rehashed[1] = chain({ ...rehashed[1]!, actor: 'mallory' }, rehashed[1]!.prevHash);
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringContaining('does not link') });
  });

  it('detects a removed or reordered row', () => {
    const rows = build(4);
    expect(verifyChain([rows[0]!, rows[2]!, rows[3]!])).toMatchObject({ ok: false, brokenAtSeq: 3 });
    expect(verifyChain([rows[1]!, rows[0]!])).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });
});
