import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { inventoryEpisodes } from '../demo/ground-truth';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, waitFor } from './shared-demo';

interface Transition {
  atMs: number;
  from: string;
  to: string;
  reason: string;
}

interface CircuitRow {
  caller: string;
  callee: string;
  state: string;
  transitions: Transition[];
}

const EDGE = 'order-svc→inventory-svc';

describe('/circuits on the demo platform, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;
  let rows: CircuitRow[];

  beforeAll(async () => {
    browser = await launchBrowser();
    rows = await waitFor('the demo’s edges to have calls', async () => {
      const list = await trpcQuery<CircuitRow[]>(app.baseUrl, 'circuits.list', { from: 'now-1h', to: 'now' });
      return list.length >= 8 && list.some((r) => `${r.caller}→${r.callee}` === EDGE) ? list : undefined;
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the breaker grid and the service map; an edge opens its state timeline', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/circuits?from=now-1h&to=now`);
    const grid = page.getByRole('list', { name: 'Circuit breakers' });
    await grid.getByRole('listitem').first().waitFor();
    expect(await grid.getByRole('listitem').count()).toBeGreaterThanOrEqual(rows.length - 1);
    const card = grid.locator(`[data-edge="${EDGE}"]`);
    await expect(card.count()).resolves.toBe(1);
    expect(await card.innerText()).toMatch(/order-svc → inventory-svc[\s\S]*(closed|open|half-open)/i);
    await expect.poll(() => page.locator('[data-testid="service-map"] canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const mapLabel = await page.locator('[data-testid="service-map"] [role="img"]').getAttribute('aria-label');
    expect(mapLabel).toMatch(/Service map: \d+ services, \d+ edges/);
    await card.click();
    await page.waitForURL(/caller=order-svc&callee=inventory-svc/);
    await page.locator('[data-testid="state-timeline"]').waitFor();
    await page.getByRole('heading', { name: 'order-svc → inventory-svc' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the inventory episode opening order-svc → inventory-svc and closing again', async () => {
    const now = Date.now();
    const found = inventoryEpisodes(app.historyFromMs, now).find((e) => e.startMs - 5 * 60_000 >= app.historyFromMs && e.breaker.closedByMs + 60_000 < now);
    // The shared demo's history is long enough to hold one whole episode at any start minute.
    expect(found, 'a whole inventory episode in the demo history').toBeDefined();
    const episode = found!;
    const from = episode.startMs - 5 * 60_000;
    const to = episode.breaker.closedByMs + 60_000;
    // The whole episode must be ingested: wait for the breaker to have closed again.
    const row = await waitFor('the episode’s breaker to open and close again', async () => {
      const list = await trpcQuery<CircuitRow[]>(app.baseUrl, 'circuits.list', { from, to });
      const r = list.find((x) => `${x.caller}→${x.callee}` === EDGE);
      return r && r.transitions.length > 0 && r.transitions[r.transitions.length - 1]!.to === 'CLOSED' ? r : undefined;
    });
    const first = row.transitions[0]!;
    expect(first.to).toBe('OPEN');
    expect(first.atMs).toBeGreaterThanOrEqual(episode.startMs);
    const last = row.transitions[row.transitions.length - 1]!;
    expect([last.from, last.to]).toEqual(['HALF_OPEN', 'CLOSED']);
    expect(row.state).toBe('CLOSED');

    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/circuits?from=${from}&to=${to}&caller=order-svc&callee=inventory-svc&refresh=off`);
    const timeline = page.locator('[data-testid="state-timeline"]');
    await timeline.waitFor();
    expect(await timeline.locator('[data-state="OPEN"]').count()).toBeGreaterThan(0);
    const transitions = page.locator('table', { has: page.locator('caption', { hasText: 'Breaker transitions' }) });
    expect(await transitions.innerText()).toMatch(/error rate \d+(\.\d)?% over \d+ calls in 10 s ≥ 50%/);
    expect(await transitions.innerText()).toContain('trial call succeeded');
    expect(errors).toEqual([]);
    await page.close();
  });
});
