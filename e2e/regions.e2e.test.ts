import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode } from '@opentelemetry/core';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, waitFor, waitForBackfill } from './shared-demo';

/** Markup anyone can put into a span; it must show as text and never run. */
const HOSTILE = '<img src=x onerror=alert(1)>';
const RANGE = { from: 'now-1h', to: 'now' };

interface Cell {
  row: string;
  column: string | number;
  value: number | null;
  errorRate: number | null;
  calls: number;
  errors: number;
}
interface Grid {
  rows: string[];
  columns: Array<string | number>;
  cells: Cell[];
}
interface CrossAz {
  edges: Array<{ caller: string; callee: string; share: number; calls: number }>;
}

/** One request of a service whose name, region and AZ are all the hostile markup, through OTLP. */
async function sendHostileSpan(ingestUrl: string, token: string): Promise<void> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': HOSTILE, 'cloud.region': HOSTILE, 'cloud.availability_zone': HOSTILE }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const now = Date.now();
  provider
    .getTracer('regions-e2e')
    .startSpan(HOSTILE, { kind: SpanKind.SERVER, startTime: now - 50, attributes: { 'http.route': HOSTILE, x_unit_id: HOSTILE } })
    .end(now);
  await provider.forceFlush();
  const exporter = new OTLPTraceExporter({ url: `${ingestUrl}/v1/traces`, headers: { Authorization: `Bearer ${token}` } });
  const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(memory.getFinishedSpans(), resolve));
  expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
  await exporter.shutdown();
  await provider.shutdown();
}

/**
 * Moves the mouse over the heatmap until its tooltip names `text`. The hostile service and
 * region sort first, so their cell is the top-left one and the scan ends on the first row.
 */
async function hoverUntilTooltip(page: Page, panel: string, text: string): Promise<string> {
  const chart = page.locator(`section[aria-label="${panel}"] .chart`);
  const box = await chart.boundingBox();
  if (!box) throw new Error(`${panel} chart is not visible`);
  for (let y = 10; y < box.height - 40; y += 8) {
    for (let x = 4; x < box.width; x += 8) {
      await page.mouse.move(box.x + x, box.y + y);
      const shown = await chart.innerText();
      if (shown.includes(text)) return shown;
    }
  }
  throw new Error(`no tooltip in ${panel} showed ${text}`);
}

describe('/regions on the demo platform, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The inventory episode is late in the backfilled hour: judge the heatmaps once it is all in.
    await waitForBackfill(app.baseUrl);
    await sendHostileSpan(app.ingestUrl, app.ingestToken);
    await waitFor('the demo and the hostile span in the region heatmap', async () => {
      const h = await trpcQuery<Grid>(app.baseUrl, 'regions.heatmap', { ...RANGE, metric: 'p95' });
      const ready = h.rows.includes(HOSTILE) && ['inventory-svc', 'marketing-svc'].every((s) => h.cells.some((c) => c.row === s));
      return ready ? h : undefined;
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the API shows cn-south-1b hot for inventory-svc and marketing-svc with the highest cross-AZ share', async () => {
    const t = await trpcQuery<Grid>(app.baseUrl, 'regions.azTimeline', { ...RANGE, service: 'inventory-svc', metric: 'errorRate' });
    // Failed calls per AZ over the hour: a lone failed call elsewhere must not outrank the episode.
    const errors = new Map<string, number>();
    for (const c of t.cells) errors.set(c.row, (errors.get(c.row) ?? 0) + c.errors);
    const [worst] = [...errors].sort(([, a], [, b]) => b - a);
    expect(worst?.[0]).toBe('cn-south-1b');
    const hottest = Math.max(...t.cells.filter((c) => c.row === 'cn-south-1b').map((c) => c.value ?? 0));
    expect(hottest).toBeGreaterThan(0.3);
    const x = await trpcQuery<CrossAz>(app.baseUrl, 'regions.crossAz', RANGE);
    // Other tests may send spans of their own; the claim is about the demo's services.
    const demo = x.edges.filter((e) => e.caller.endsWith('-svc') || e.caller === 'api-gateway');
    expect(demo[0]).toMatchObject({ caller: 'marketing-svc', callee: 'product-svc' });
    expect(demo[0]!.share).toBeGreaterThan(0.4);
  });

  it('renders both heatmaps with data, the cross-AZ table and unit routing', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/regions?from=now-1h&to=now&service=inventory-svc`);
    for (const panel of ['Region × service', 'AZ × time']) {
      await page.locator(`section[aria-label="${panel}"] .chart canvas`).first().waitFor({ timeout: 60_000 });
    }
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toMatch(/marketing-svc[\s\S]*product-svc/);
    const cross = page.locator('table', { has: page.locator('caption', { hasText: 'Cross-AZ traffic' }) });
    expect(await cross.locator('tbody tr').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('section[aria-label="Unit routing"]').innerText(), { timeout: 30_000 }).toMatch(/Served outside their unit/);
    // The metric switcher recolours both heatmaps and lands in the URL.
    await page.getByRole('button', { name: 'SLO burn' }).click();
    await page.waitForURL(/metric=sloBurn/);
    await page.locator('section[aria-label="AZ × time"] .chart canvas').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a hostile service name in the tooltip as text: no script runs, no <img src=x> is created', async () => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.baseUrl}/regions?from=now-1h&to=now`);
    await page.locator('section[aria-label="Region × service"] .chart canvas').first().waitFor({ timeout: 60_000 });
    const tooltip = await hoverUntilTooltip(page, 'Region × service', HOSTILE);
    expect(tooltip).toContain(`${HOSTILE} · ${HOSTILE}`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // And on the AZ heatmap of that service, where the AZ is the markup too.
    await page.goto(`${app.baseUrl}/regions?from=now-1h&to=now&service=${encodeURIComponent(HOSTILE)}`);
    await page.locator('section[aria-label="AZ × time"] .chart canvas').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('select[aria-label="Service of the AZ heatmap"]').inputValue()).toBe(HOSTILE);
    await page.waitForTimeout(500);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
