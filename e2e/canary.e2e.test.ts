import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, waitFor, waitForBackfill } from './shared-demo';

interface CanaryRow {
  service: string;
  verdict: 'promote' | 'hold' | 'rollback' | 'inconclusive';
  score: number | null;
  canaryVersion: string;
}

/** The demo runs two canaries (demo/platform.ts CANARIES): payment-svc must be rolled back, order-svc promoted. */
describe('/canary on the demo platform, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    // A verdict over a half-sent backfill could differ from the one over the whole hour.
    await waitForBackfill(app.baseUrl);
    await waitFor('both demo canaries to have enough traffic for a verdict', async () => {
      const list = await trpcQuery<CanaryRow[]>(app.baseUrl, 'canary.list', { from: 'now-1h', to: 'now' });
      const judged = list.filter((c) => (c.service === 'payment-svc' || c.service === 'order-svc') && c.verdict !== 'inconclusive');
      return judged.length === 2 ? list : undefined;
    }, 60_000);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows payment-svc rolled back and order-svc promoted, each with score and reason', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/canary?from=now-1h&to=now`);
    const card = (service: string) => page.locator(`article[data-service="${service}"]`);
    await card('payment-svc').waitFor({ timeout: 30_000 });
    await expect(card('payment-svc').locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('rollback');
    await expect(card('order-svc').locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('promote');
    expect(await card('payment-svc').innerText()).toMatch(/2\.3\.4 → 2\.4\.0-rc\.1[\s\S]*Roll back: [\s\S]*redis_timeout/);
    expect(await card('order-svc').innerText()).toMatch(/5\.12\.0 → 5\.13\.0-rc\.1[\s\S]*Promote: score \d/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the detail page explains the verdict: metric table, charts, history; an unknown service says so', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/canary/payment-svc?from=now-1h&to=now`);
    await expect.poll(() => page.locator('main h1').innerText()).toContain('payment-svc');
    const errorRow = page.locator('tr[data-metric="errorRate"]');
    await errorRow.waitFor({ timeout: 30_000 });
    await expect(errorRow.locator('[data-classification]').getAttribute('data-classification')).resolves.toBe('High');
    expect(await page.locator('tr[data-metric]').count()).toBe(6);
    await expect(page.locator('tr[data-metric="latencyP90"]').innerText()).resolves.toMatch(/Mann-Whitney p < 0\.02/);
    for (const heading of ['Metrics', 'Verdict history', 'Error rate over time', 'Latency distribution', 'Error signatures new in the canary']) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    expect(await page.locator('[aria-label="Verdict history"] [data-verdict]').count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('main canvas').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect(page.locator('main').innerText()).resolves.toContain('redis_timeout');
    await page.goto(`${app.baseUrl}/canary/api-gateway?from=now-1h&to=now`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toMatch(/api-gateway is not in canary in this range/);
    expect(errors.filter((e) => !/404|Not Found/i.test(e))).toEqual([]);
    await page.close();
  });
});
