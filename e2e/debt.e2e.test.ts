import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, signIn, trpcQuery, waitFor } from './shared-demo';

const DEMO_SERVICES = [
  'api-gateway',
  'user-svc',
  'group-svc',
  'product-svc',
  'inventory-svc',
  'marketing-svc',
  'order-svc',
  'payment-svc',
  'ledger-svc',
  'fulfillment-svc',
  'notify-svc',
];

interface ScoreRow {
  service: string;
  rank: number;
  index: number | null;
  interest: number;
  dimensions: Record<'maintainability' | 'observability' | 'buildStability' | 'security', number | null>;
}

describe('/debt with the demo platform, as a manager', () => {
  const app = sharedDemo();
  let browser: Browser;
  let cookie: string;
  let rows: ScoreRow[];

  beforeAll(async () => {
    browser = await launchBrowser();
    cookie = await signIn(app.baseUrl, 'manager', app.passwords.manager!);
    // The demo sends its CI and scanner reports at start, next to the traffic backfill.
    rows = await waitFor(
      'every demo service to have all four debt dimensions',
      async () => {
        const scores = await trpcQuery<ScoreRow[]>(app.baseUrl, 'debt.scores', { from: 'now-1h', to: 'now' }, cookie);
        const complete = DEMO_SERVICES.every((s) => {
          const row = scores.find((r) => r.service === s);
          return row && Object.values(row.dimensions).every((v) => v !== null);
        });
        return complete ? scores : undefined;
      },
      240_000,
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('scores the demo debt the platform carries on purpose', () => {
    const notify = rows.find((r) => r.service === 'notify-svc')!;
    // notify-svc sends no service.version and SERVER spans without rpc.method: every span misses attributes.
    expect(notify.dimensions.observability).toBe(100);
    const payment = rows.find((r) => r.service === 'payment-svc')!;
    // Its image: 2 critical + 2 high + 1 medium, all fixable → 48 points of 50.
    expect(payment.dimensions.security).toBe(96);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.interest).toBeGreaterThanOrEqual(rows[i]!.interest);
  });

  it('ranks the demo services and drills into one', async () => {
    const page = await signedInPage(browser, cookie);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/debt?from=now-1h&to=now`);
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Services by interest' }) });
    await table.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(DEMO_SERVICES.length);
    const firstCells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(firstCells[0]).toBe('1');
    for (const service of DEMO_SERVICES) {
      await expect(table.getByRole('link', { name: service, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.locator('main').innerText()).resolves.toMatch(/Platform debt index[\s\S]*Flagged for governance/);

    await table.getByRole('link', { name: 'notify-svc', exact: true }).click();
    await page.waitForURL(/[?&]service=notify-svc/);
    const detail = page.locator('section[aria-label="Debt of notify-svc"]');
    await expect.poll(() => detail.innerText(), { timeout: 30_000 }).toMatch(/Worst span attributes/);
    const text = await detail.innerText();
    expect(text).toMatch(/Observability[\s\S]*100\.0/);
    expect(text).toContain('CVE-2024-51744');
    expect(text).toContain('notify.v1.NotifyService/Send');
    await expect.poll(() => page.locator('section[aria-label="Debt trend"]').innerText(), { timeout: 30_000 }).toMatch(/Trend and burn-down: notify-svc/i);
    expect(errors).toEqual([]);
    await page.close();
  });
});
