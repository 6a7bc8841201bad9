import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, type SharedDemo } from './shared-demo';

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

interface ServiceRow {
  service: string;
  rps: number;
}

/** Waits until the demo's backfill has made every service visible with traffic. */
async function waitForDemoServices(app: SharedDemo, timeoutMs: number): Promise<ServiceRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: ServiceRow[] = [];
  while (Date.now() < deadline) {
    rows = await trpcQuery<ServiceRow[]>(app.baseUrl, 'services.list', { from: 'now-1h', to: 'now' });
    if (DEMO_SERVICES.every((s) => rows.some((r) => r.service === s && r.rps > 0))) return rows;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`demo services did not all appear; saw ${JSON.stringify(rows.map((r) => r.service))}`);
}

describe('Sightline with the demo platform, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    await waitForDemoServices(app, 180_000);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the overview lists every demo service with a non-zero request rate', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/?from=now-1h&to=now`);
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Services' }) });
    await table.locator('tbody tr').first().waitFor();
    for (const service of DEMO_SERVICES) {
      const row = table.locator('tbody tr', { has: page.getByRole('link', { name: service, exact: true }) });
      await expect(row.count()).resolves.toBe(1);
      const cells = await row.locator('td').allInnerTexts();
      const numbers = cells.slice(2).map((c) => Number.parseFloat(c.replace(/[^0-9.]/g, '')));
      expect(numbers[0], `${service} rps cell: ${cells.join(' | ')}`).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a trace found in search opens as a waterfall with its spans', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/traces?service=api-gateway&from=now-1h&to=now`);
    const firstTrace = page.locator('table tbody tr a.mono').first();
    await firstTrace.waitFor();
    await firstTrace.click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
    const waterfall = page.getByRole('tree', { name: 'Trace waterfall' });
    await waterfall.waitFor();
    const rows = waterfall.getByRole('treeitem');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    const text = await waterfall.innerText();
    expect(text).toContain('api-gateway');
    expect(text).toContain('user-svc');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every page of the navigation renders without errors, also on a slow CPU', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    // A slow CPU lets queries answer before the later Suspense boundaries hydrate: the case where
    // rendering fetched data in the hydration pass breaks it (React error #418).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    const expected: Array<[string, RegExp]> = [
      ['/', /services seen through/i],
      ['/system', /ingest by endpoint/i],
      ['/services/order-svc', /operations[\s\S]*dependencies/i],
    ];
    for (const [path, text] of expected) {
      const res = await page.goto(`${app.baseUrl}${path}?from=now-1h&to=now`);
      expect(res?.status(), path).toBe(200);
      await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000, message: path }).toMatch(text);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
