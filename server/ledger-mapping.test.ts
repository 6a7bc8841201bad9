import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLedgerTable, loadLedgerMapping, parseLedgerMapping, resolveLedgerMapping } from './ledger-mapping';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('ledger mapping', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-ledger-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("defaults to SPEC §5.5's payment database", () => {
    const m = resolveLedgerMapping();
    expect(m.database).toBe('pay');
    expect(m.wal).toEqual({ publication: 'sightline_ledger', slot: 'sightline_ledger' });
    expect(m.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(['public.orders', 'public.payments', 'public.refunds', 'public.journal_entries', 'public.settlements']);
    expect(findLedgerTable(m, 'pay', 'public', 'journal_entries')).toMatchObject({ ledger: 'journal_entries', primaryKey: ['id'], money: ['amount'] });
    expect(findLedgerTable(m, 'other', 'public', 'orders')).toBeUndefined();
  });

  it('merges a partial file into the defaults', () => {
    const m = parseLedgerMapping(
      'database: ledger\ntables:\n  payments:\n    schema: billing\n    table: payment\n    columns:\n      amount: amount_cents\n      channel: method\n',
      'custom.yaml',
    );
    const payments = findLedgerTable(m, 'ledger', 'billing', 'payment');
    expect(payments).toMatchObject({ primaryKey: ['id'], money: ['amount_cents'], columns: { amount: 'amount_cents', channel: 'method', status: 'status' } });
    expect(findLedgerTable(m, 'ledger', 'public', 'orders')?.ledger).toBe('orders');
  });

  it('names the file, line and problem for a wrong key or value', () => {
    const text = 'database: pay\ntables:\n  orders:\n    colums:\n      amount: total\n  refunds:\n    columns:\n      amount_due: x\n';
    let message = '';
    try {
      parseLedgerMapping(text, '/etc/sightline.ledger.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('/etc/sightline.ledger.yaml: line 4, column 5: tables.orders: Unrecognized key: "colums"');
    expect(message).toMatch(/line 8, column 19: tables\.refunds\.columns\.amount_due: unknown refunds column "amount_due"/);
    expect(() => parseLedgerMapping('wal:\n  slot: Bad-Slot\n', 'f.yaml')).toThrow(/f\.yaml: line 2, column 9: wal\.slot: lower-case letters/);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(() => parseLedgerMapping('tables:\n  orders: [a\n', 'broken.yaml')).toThrow(/broken\.yaml: line \d+, column \d+: invalid YAML/);
  });

  it('refuses two ledger tables on one source table', () => {
    expect(() => parseLedgerMapping('tables:\n  refunds:\n    table: payments\n', 'dup.yaml')).toThrow(/dup\.yaml: tables payments and refunds both map to public\.payments/);
  });

  it('loads the file from the working directory or SIGHTLINE_LEDGER_CONFIG', async () => {
    expect((await loadLedgerMapping(undefined, dir)).file).toBeUndefined();
    await writeFile(path.join(dir, 'sightline.ledger.yaml'), 'database: shop\n');
    expect((await loadLedgerMapping(undefined, dir)).database).toBe('shop');
    await expect(loadLedgerMapping('missing.yaml', dir)).rejects.toThrow(/missing\.yaml: cannot read the ledger mapping \(ENOENT\)/);
  });

  it('ships an example that spells out the defaults', async () => {
    const example = await loadLedgerMapping(path.join(repoRoot, 'sightline.ledger.example.yaml'));
    expect({ ...example, file: undefined }).toEqual(resolveLedgerMapping());
  });
});
