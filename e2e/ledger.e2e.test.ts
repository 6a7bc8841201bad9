import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, signIn, trpcQuery, waitFor } from './shared-demo';

interface BreakItem {
  breakId: string;
  kind: string;
  refType: string;
  refId: string;
  state: string;
  review: string | null;
}

/** Kinds the page labels, for the ones this test may pick (reported as soon as they arrive, no grace period). */
const LABELS: Record<string, string> = {
  unbalanced_txn: 'Unbalanced txn',
  amount_mismatch: 'Amount mismatch',
  duplicate_posting: 'Duplicate posting',
  mutated_entry: 'Mutated entry',
  incomplete_txn: 'Incomplete txn',
  late_event: 'Late event',
  tcc_null_compensation: 'TCC null compensation',
  tcc_suspension: 'TCC suspension',
};
const RANGE = { from: 'now-3h', to: 'now' };

describe('ledger reconciliation for auditors, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;
  let cookie: string;
  let target: BreakItem;

  beforeAll(async () => {
    browser = await launchBrowser();
    cookie = await signIn(app.baseUrl, 'auditor', app.passwords.auditor!);
    // The first ledger call starts the reconciler, which then works through the demo's backfill.
    target = await waitFor(
      'the reconciler to report an unreviewed break of the demo',
      async () => {
        const page = await trpcQuery<{ items: BreakItem[] }>(app.baseUrl, 'ledger.breaks', { ...RANGE, review: 'unreviewed', limit: 200 }, cookie);
        return page.items.find((b) => b.kind in LABELS);
      },
      280_000,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an auditor filters, opens a break, resolves it with a comment, and sees it in the audit trail', async () => {
    const page = await signedInPage(browser, cookie);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/ledger?from=${RANGE.from}&to=${RANGE.to}`);
    await page.getByRole('heading', { name: 'Breaks' }).waitFor();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toMatch(/Unbalanced rate[\s\S]*Lag p50 \/ p99/);

    const filters = page.getByRole('form', { name: 'Break filters' });
    await filters.locator('select[name="kind"]').selectOption(target.kind);
    await filters.locator('input[name="ref"]').fill(`${target.refType}:${target.refId}`);
    await filters.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain(`kinds=${target.kind}`);
    const rows = page.locator('section[aria-label="Breaks"] table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    expect(await rows.first().innerText()).toContain(`${target.refType}:${target.refId}`);

    await rows.first().getByRole('link', { name: LABELS[target.kind]! }).click();
    await expect.poll(() => page.locator('main h1').innerText(), { timeout: 30_000 }).toContain(target.breakId);
    const timeline = page.locator('section[aria-label="Event timeline"] table tbody tr');
    await expect.poll(() => timeline.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('section[aria-label="Event timeline"]').innerText()).toMatch(/cited/);

    const comment = `checked with the payments team ${Date.now()}`;
    const resolve = page.getByRole('button', { name: 'Resolve' });
    expect(await resolve.isDisabled()).toBe(true);
    await page.locator('textarea[name="comment"]').fill(comment);
    await resolve.click();
    await expect.poll(() => page.locator('[aria-label="Reviews"]').innerText(), { timeout: 30_000 }).toContain(`Resolved by local:auditor`);
    expect(await page.locator('[aria-label="Reviews"]').innerText()).toContain(comment);

    await page.goto(`${app.baseUrl}/ledger?from=${RANGE.from}&to=${RANGE.to}`);
    const audit = page.locator('section[aria-label="Audit trail"]');
    await expect.poll(() => audit.innerText(), { timeout: 30_000 }).toContain(comment);
    expect(await audit.innerText()).toMatch(/Chain intact: \d+ rows verified/);
    expect(await audit.innerText()).toContain('auditor');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports the filtered list as CSV, recorded in the audit log; others may not export', async () => {
    const query = `from=${RANGE.from}&to=${RANGE.to}&state=all&kinds=${target.kind}&ref=${target.refType}:${target.refId}`;
    const res = await fetch(`${app.baseUrl}/api/ledger/export?${query}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^break_id,kind,state,review,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([target.breakId]);
    const audit = await trpcQuery<{ rows: Array<{ action: string; actor: string }>; verdict: { ok: boolean } }>(app.baseUrl, 'ledger.audit', { limit: 5 }, cookie);
    expect(audit.rows[0]).toMatchObject({ action: 'export', actor: 'local:auditor' });
    expect(audit.verdict.ok).toBe(true);

    expect((await fetch(`${app.baseUrl}/api/ledger/export?${query}`)).status).toBe(401);
    const bad = await fetch(`${app.baseUrl}/api/ledger/export?kinds=nonsense`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('kinds');
  });
});
