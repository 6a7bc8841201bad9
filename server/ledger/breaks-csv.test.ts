import { describe, expect, it } from 'vitest';
import { actorOf } from './actor';
import { csvField, csvLine } from './breaks-csv';

describe('CSV export fields', () => {
  it('quotes separators and quotes, keeps negative amounts, defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(null)).toBe('');
    expect(csvLine(['x', 1, null])).toBe('x,1,\r\n');
  });
});

describe('actorOf', () => {
  it('names the signed-in user, else the local actor', () => {
    expect(actorOf({ user: { id: 'ann' } })).toBe('ann');
    expect(actorOf({})).toBe('local');
  });
});
