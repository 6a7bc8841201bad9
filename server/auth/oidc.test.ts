import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcClient, type OidcClient } from './oidc';

/**
 * A real OpenID Connect provider (oidc-provider) on loopback. Its login and consent screens are
 * answered programmatically for the account the test names, as a person would by clicking.
 */

const REDIRECT = 'http://127.0.0.1:3999/api/auth/oidc/callback';
const secret = new TextEncoder().encode('s'.repeat(43));
const ACCOUNTS: Record<string, { name: string; groups: string[] }> = {
  alice: { name: 'Alice Auditor', groups: ['finance-audit'] },
  bob: { name: 'Bob Builder', groups: ['sre', 'everyone'] },
  eve: { name: 'Eve', groups: ['everyone'] },
};

let server: http.Server;
let issuer: string;
let signInAs = 'alice';
let client: OidcClient;

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'sightline', client_secret: 'client-secret', redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: ACCOUNTS[sub]!.name, groups: ACCOUNTS[sub]!.groups }) }),
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: signInAs } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: signInAs, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })();
  });
  client = await createOidcClient(
    { issuer, clientId: 'sightline', clientSecret: 'client-secret', redirectUri: REDIRECT, roleClaim: 'groups', roleMap: { 'finance-audit': 'auditor', sre: 'engineer' } },
    secret,
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Follows the provider's redirects like a browser (keeping its cookies) up to our callback. */
async function browseToCallback(start: URL): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`provider answered ${res.status} at ${url}: ${await res.text()}`);
    url = new URL(location, url);
    if (url.toString().startsWith(REDIRECT)) return url;
  }
  throw new Error('too many redirects');
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('signs in with PKCE, state and nonce, mapping the group claim to roles', async () => {
    signInAs = 'alice';
    const { url, flowCookie } = await client.start('/ledger?kind=unbalanced_txn');
    expect(url.origin).toBe(issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await browseToCallback(url);
    const { user, returnTo } = await client.finish(back.search, flowCookie);
    expect(user).toEqual({ id: `${issuer}#alice`, name: 'Alice Auditor', roles: ['auditor'] });
    expect(returnTo).toBe('/ledger?kind=unbalanced_txn');
  });

  it('gives a user several roles when several groups map', async () => {
    signInAs = 'bob';
    const { url, flowCookie } = await client.start('/');
    const { user } = await client.finish((await browseToCallback(url)).search, flowCookie);
    expect(user.roles).toEqual(['engineer']);
    expect(user.name).toBe('Bob Builder');
  });

  it('refuses a user without a mapped role, a replayed code, a foreign flow cookie and a missing one', async () => {
    signInAs = 'eve';
    const first = await client.start('/');
    await expect(client.finish((await browseToCallback(first.url)).search, first.flowCookie)).rejects.toThrow(
      'your account has no Sightline role: the "groups" claim must contain one of finance-audit, sre, engineer, auditor, manager, admin',
    );

    signInAs = 'alice';
    const a = await client.start('/');
    const aBack = await browseToCallback(a.url);
    await client.finish(aBack.search, a.flowCookie);
    await expect(client.finish(aBack.search, a.flowCookie)).rejects.toThrow();

    const b = await client.start('/');
    const c = await client.start('/');
    const bBack = await browseToCallback(b.url);
    await expect(client.finish(bBack.search, c.flowCookie)).rejects.toThrow();
    await expect(client.finish(bBack.search, undefined)).rejects.toThrow('the sign-in attempt has no flow cookie');
    await expect(client.finish(bBack.search, `${b.flowCookie}x`)).rejects.toThrow('the sign-in attempt expired or was tampered with: start again');
  });
});
