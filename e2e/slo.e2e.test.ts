import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, waitFor } from './shared-demo';

interface SloRow {
  id: string;
  service: string;
  alert: string;
  sliValue: number | null;
}

describe('SLO pages on the demo platform, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;
  let rows: SloRow[];

  beforeAll(async () => {
    browser = await launchBrowser();
    rows = await waitFor('the demo services to have SLOs with data', async () => {
      const list = await trpcQuery<SloRow[]>(app.baseUrl, 'slo.list', { from: 'now-1h', to: 'now' });
      return list.some((r) => r.id === 'inventory-svc-availability' && r.sliValue !== null) ? list : undefined;
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('/slo lists every demo service’s default SLOs with their alert state', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/slo?from=now-1h&to=now`);
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Service level objectives' }) });
    await table.locator('tbody tr').first().waitFor();
    for (const id of ['inventory-svc-availability', 'order-svc-availability', 'payment-svc-latency']) {
      const row = rows.find((r) => r.id === id)!;
      const cells = table.locator('tbody tr', { has: page.locator(`a[href^="/slo/${id}"]`) });
      await expect(cells.count(), id).resolves.toBe(1);
      await expect(cells.locator('[data-alert]').getAttribute('data-alert')).resolves.toBe(row.alert);
    }
    expect(await table.locator('tbody tr').count()).toBe(rows.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an SLO page shows its charts, alert timeline and rules; an unknown SLO says so', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/slo/inventory-svc-availability?from=now-1h&to=now`);
    await expect.poll(() => page.locator('main h1').innerText()).toContain('inventory-svc');
    for (const heading of ['Alert timeline', 'Alert rules']) await page.getByRole('heading', { name: heading }).waitFor();
    await expect.poll(() => page.locator('main canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.goto(`${app.baseUrl}/slo/no-such-slo?from=now-1h&to=now`);
    await expect.poll(() => page.locator('main').innerText()).toMatch(/no SLO "no-such-slo"|not found|unknown SLO/i);
    expect(errors.filter((e) => !/404|Not Found/i.test(e))).toEqual([]);
    await page.close();
  });
});
