import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, trpcQuery, waitFor } from './shared-demo';

/**
 * Names and attributes that are markup, SQL or control characters are data: stored verbatim,
 * shown as text, never run. Each page that shows them is opened in Chromium with a trap that
 * fires if any of the payloads executes.
 */

const SERVICE = `<img src=x onerror="window.__pwned='service'">';DROP TABLE otel_traces;--`;
const ROUTE = `/x/<script>window.__pwned='route'</script>`;
const ATTRIBUTE = `"><svg onload="window.__pwned='attr'"> \u001b[31m red \u0007 ' OR 1=1 --`;
const TRACE_ID = 'abcdef0123456789abcdef0123456789';

function span(spanId: string, parent: string, kind: number, status: number, offsetMs: number) {
  const start = BigInt(Date.now() - 60_000 + offsetMs) * 1_000_000n;
  return {
    traceId: TRACE_ID,
    spanId,
    parentSpanId: parent,
    name: ROUTE,
    kind,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 40_000_000n),
    attributes: [
      { key: 'http.route', value: { stringValue: ROUTE } },
      { key: 'app.note', value: { stringValue: ATTRIBUTE } },
      { key: 'http.response.status_code', value: { intValue: status } },
    ],
    status: status >= 500 ? { code: 2, message: ATTRIBUTE } : {},
  };
}

async function trapped(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

describe('hostile strings in spans, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: SERVICE } }, { key: 'cloud.region', value: { stringValue: ATTRIBUTE } }] },
          scopeSpans: [{ scope: { name: 'hostile' }, spans: [span('00000000000000a1', '', 2, 503, 0), span('00000000000000a2', '00000000000000a1', 3, 200, 5)] }],
        },
      ],
    };
    const res = await fetch(`${app.ingestUrl}/v1/traces`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.ingestToken}` },
    });
    expect(res.status).toBe(200);
    await waitFor('the hostile service in the service list', async () => {
      const rows = await trpcQuery<Array<{ service: string }>>(app.baseUrl, 'services.list', { from: 'now-1h', to: 'now' });
      return rows.some((r) => r.service === SERVICE) ? true : undefined;
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is stored verbatim', async () => {
    const spans = await trpcQuery<Array<{ serviceName?: string; ServiceName?: string }>>(app.baseUrl, 'traces.get', { traceId: TRACE_ID });
    expect(JSON.stringify(spans)).toContain(JSON.stringify(SERVICE).slice(1, -1));
  });

  it.each([
    ['overview', '/?from=now-1h&to=now'],
    ['service page', `/services/${encodeURIComponent(SERVICE)}?from=now-1h&to=now`],
    ['trace search', `/traces?service=${encodeURIComponent(SERVICE)}&from=now-1h&to=now`],
    ['trace waterfall', `/traces/${TRACE_ID}`],
  ])('renders as text on the %s', async (_name, path) => {
    const page = await signedInPage(browser);
    const errors = watchErrors(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(`${app.baseUrl}${path}`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toContain(`<img src=x onerror="window.__pwned='service'">`);
    await page.waitForTimeout(500);
    expect(await trapped(page)).toBeUndefined();
    expect(await page.locator('main img[src="x"], main svg[onload], main script').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await page.close();
  });
});
