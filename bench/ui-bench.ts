import { gzipSync } from 'node:zlib';
import type { Browser, Response } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import type { ProcedureContext } from './procedures';

export interface PageResult {
  path: string;
  status: number | null;
  /** Median over the loads; null when the page reported none. */
  lcpMs: number | null;
  /**
   * JavaScript the page's HTML loads (its <script src> and script preloads), gzip-compressed as a
   * server would send it: Next's "first load JS".
   */
  firstLoadJsGzipKiB: number;
  /** Every script fetched until LCP settled, including chunks imported lazily afterwards. */
  allJsGzipKiB: number;
  scripts: number;
  error?: string;
}

/** The app's pages, with a service, trace and SLO that exist in the filled store. */
export function pagePaths(ctx: ProcedureContext): string[] {
  return [
    '/',
    `/services/${encodeURIComponent(ctx.service)}`,
    '/traces',
    `/traces/${ctx.traceId}`,
    '/system',
    '/slo',
    `/slo/${encodeURIComponent(ctx.sloId)}`,
    '/circuits',
    '/canary',
    '/regions',
    '/ledger',
    '/debt',
  ];
}

/** LCP settles once no larger element has painted for this long (live pages never go network-idle). */
const LCP_QUIET_MS = 2000;
const LCP_MAX_MS = 15_000;

const readLcp = `new Promise((resolve) => {
  let last = null;
  let changedAt = performance.now();
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    last = entries[entries.length - 1].startTime;
    changedAt = performance.now();
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const check = () => {
    if (performance.now() - changedAt >= ${LCP_QUIET_MS} || performance.now() > ${LCP_MAX_MS}) resolve(last);
    else setTimeout(check, 100);
  };
  setTimeout(check, 100);
})`;

/** Script URLs the document itself names: <script src> and <link rel=preload|modulepreload as=script>. */
function initialScripts(html: string, base: string): Set<string> {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(m[1]!.replaceAll('&amp;', '&'), base).toString());
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="(?:preload|modulepreload)"/.test(tag) && (/\bas="script"/.test(tag) || /modulepreload/.test(tag))) {
      urls.add(new URL(href.replaceAll('&amp;', '&'), base).toString());
    }
  }
  return urls;
}

interface Load {
  status: number | null;
  lcpMs: number | null;
  firstLoadBytes: number;
  allBytes: number;
  scripts: number;
}

async function loadOnce(browser: Browser, url: string, cookie: string | undefined): Promise<Load> {
  // A fresh context per load: empty cache, so this is the first-load cost of the page.
  const context = await browser.newContext();
  try {
    if (cookie) {
      const [name, ...value] = cookie.split('=');
      await context.addCookies([{ name: name!.trim(), value: value.join('=').split(';')[0]!, url }]);
    }
    const page = await context.newPage();
    const scripts: Array<Promise<{ url: string; bytes: number }>> = [];
    page.on('response', (res: Response) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.push(res.body().then((body) => ({ url: res.url(), bytes: gzipSync(body).length }), () => ({ url: res.url(), bytes: 0 })));
    });
    const res = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const initial = initialScripts(res ? await res.text() : '', url);
    // The page hands its result back as a plain number or null; evaluate's type is unknown.
    const lcp = (await page.evaluate(readLcp)) as number | null;
    const sizes = await Promise.all(scripts);
    const sum = (list: typeof sizes) => list.reduce((a, s) => a + s.bytes, 0);
    return {
      status: res?.status() ?? null,
      lcpMs: lcp === null ? null : Math.round(lcp),
      firstLoadBytes: sum(sizes.filter((s) => initial.has(s.url))),
      allBytes: sum(sizes),
      scripts: sizes.length,
    };
  } finally {
    await context.close();
  }
}

/** LCP and first-load JS of every page in Chromium against the production build. */
export async function uiBench(baseUrl: string, ctx: ProcedureContext, loads: number, log: (line: string) => void, cookie?: string): Promise<PageResult[]> {
  const browser = await launchBrowser();
  const results: PageResult[] = [];
  try {
    for (const path of pagePaths(ctx)) {
      try {
        // One unmeasured load first: the server's first render of a route is a cold start, not LCP.
        await loadOnce(browser, new URL(path, baseUrl).toString(), cookie);
        const runs = [];
        for (let i = 0; i < loads; i++) runs.push(await loadOnce(browser, new URL(path, baseUrl).toString(), cookie));
        const lcps = runs.map((r) => r.lcpMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
        const last = runs[runs.length - 1]!;
        const result: PageResult = {
          path,
          status: last.status,
          lcpMs: lcps.length ? lcps[Math.floor((lcps.length - 1) / 2)]! : null,
          firstLoadJsGzipKiB: Math.round((last.firstLoadBytes / 1024) * 10) / 10,
          allJsGzipKiB: Math.round((last.allBytes / 1024) * 10) / 10,
          scripts: last.scripts,
        };
        results.push(result);
        log(`ui: ${path} ${result.status} LCP ${result.lcpMs ?? '—'} ms, first-load JS ${result.firstLoadJsGzipKiB} KiB gzip (${result.allJsGzipKiB} KiB in all ${result.scripts} scripts)`);
      } catch (err) {
        results.push({ path, status: null, lcpMs: null, firstLoadJsGzipKiB: 0, allJsGzipKiB: 0, scripts: 0, error: (err as Error).message.split('\n')[0] });
        log(`ui: ${path} failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
