import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInPage, watchErrors } from './browser';
import { sharedDemo, signIn, trpcQuery } from './shared-demo';

describe('sign-in and roles, in Chromium', () => {
  const app = sharedDemo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sends a visitor to sign in, refuses a wrong password, then returns to the page asked for', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/slo?from=now-1h&to=now`);
    await page.waitForURL(/\/login\?/);
    await page.getByLabel('User name').fill('engineer');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('form [role=alert]').innerText()).toContain('wrong user name or password');
    await page.getByLabel('User name').fill('engineer');
    await page.getByLabel('Password').fill(app.passwords.engineer!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/slo' && url.searchParams.get('from') === 'now-1h');
    await expect.poll(() => page.locator('header').innerText()).toContain('engineer');
    await context.close();
  });

  it('shows an auditor the ledger only, and the server refuses the rest', async () => {
    const cookie = await signIn(app.baseUrl, 'auditor', app.passwords.auditor!);
    const page = await signedInPage(browser, cookie);
    const errors = watchErrors(page);
    await page.goto(`${app.baseUrl}/ledger`);
    const nav = page.getByRole('navigation');
    await expect.poll(() => nav.innerText()).toContain('Ledger');
    expect(await nav.innerText()).not.toContain('Traces');
    const denied = await fetch(`${app.baseUrl}/api/trpc/services.list?input=${encodeURIComponent(JSON.stringify({ from: 'now-1h', to: 'now' }))}`, {
      headers: { cookie },
    });
    expect(denied.status).toBe(403);
    const anonymous = await fetch(`${app.baseUrl}/api/trpc/services.list?input=${encodeURIComponent(JSON.stringify({ from: 'now-1h', to: 'now' }))}`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${app.baseUrl}/api/trpc/ledger.summary?input=${encodeURIComponent(JSON.stringify({ from: 'now-1h', to: 'now' }))}`, {
      headers: { cookie: `${cookie}x` },
    });
    expect(forged.status).toBe(401);
    // Sign-ins land on the hash-chained audit log, the refused one from the test above too.
    const audit = await trpcQuery<{ rows: Array<{ actor: string; action: string; target: string }>; verdict: { ok: boolean } }>(
      app.baseUrl,
      'ledger.audit',
      { limit: 500 },
      cookie,
    );
    expect(audit.verdict.ok).toBe(true);
    expect(audit.rows.some((r) => r.actor === 'local:auditor' && r.action === 'sign_in' && r.target === 'auth.local')).toBe(true);
    expect(audit.rows.some((r) => r.actor === 'local:engineer' && r.action === 'sign_in_failed')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
