import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_FILE, checkLocalLogin, loadOrCreateAccounts, resetPassword } from './local-accounts';
import { hashPassword, verifyPassword } from './password';
import { parseRoleMap, rolesFromClaim } from './role-claims';
import { accessTo, usableAreas } from './roles';
import { cookieValue, issueSession, readSession, sessionCookie } from './session';
import { loadSessionSecret } from './session-secret';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-auth-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse ', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'md5$abc')).toBe(false);
  });
});

describe('sessions', () => {
  const secret = new TextEncoder().encode('k'.repeat(43));
  const alice = { id: 'local:auditor', name: 'auditor', roles: ['auditor' as const] };

  it('round-trips a user and refuses expired, forged and foreign tokens', async () => {
    const t0 = Date.UTC(2026, 10, 22, 8, 0, 0);
    const token = await issueSession(alice, secret, t0);
    expect(await readSession(token, secret, t0 + 60_000)).toEqual(alice);
    expect(await readSession(token, secret, t0 + 12 * 3_600_000 + 1000)).toBeUndefined();
    expect(await readSession(token, new TextEncoder().encode('x'.repeat(43)), t0)).toBeUndefined();
    const [head, , sig] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ sub: 'local:auditor', name: 'auditor', roles: ['admin'], aud: 'sightline', exp: 9e9 })).toString('base64url');
    expect(await readSession(`${head}.${promoted}.${sig}`, secret, t0)).toBeUndefined();
    const unsignedRole = await new SignJWT({ name: 'x', roles: ['root'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setAudience('sightline').sign(secret);
    expect(await readSession(unsignedRole, secret, t0)).toBeUndefined();
    expect(await readSession('not-a-token', secret, t0)).toBeUndefined();
    expect(await readSession(undefined, secret, t0)).toBeUndefined();
  });

  it('sets an httpOnly, SameSite cookie, Secure over HTTPS', () => {
    expect(sessionCookie('v', false)).toBe('sightline_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200');
    expect(sessionCookie('v', true, 0)).toBe('sightline_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure');
    expect(cookieValue('a=1; sightline_session=abc.def; b=2', 'sightline_session')).toBe('abc.def');
    expect(cookieValue('xsightline_session=1', 'sightline_session')).toBeUndefined();
  });

  it('keeps the generated key across restarts unless one is configured', async () => {
    const dir = await tempDir();
    const first = await loadSessionSecret(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(await loadSessionSecret(undefined, dir)).toEqual(first);
    expect((await stat(path.join(dir, 'session-secret'))).mode & 0o777).toBe(0o600);
    expect(new TextDecoder().decode(await loadSessionSecret('configured-secret-of-32-characters!!', dir))).toBe('configured-secret-of-32-characters!!');
  });
});

describe('roles', () => {
  it('lets each role into its areas only', () => {
    expect(accessTo('ledger.breaks', ['auditor'])).toBe('allowed');
    expect(accessTo('ledger.breaks', ['engineer'])).toBe('forbidden');
    expect(accessTo('services.list', ['auditor'])).toBe('forbidden');
    expect(accessTo('debt.scores', ['manager'])).toBe('allowed');
    expect(accessTo('services.list', undefined)).toBe('unauthenticated');
    expect(accessTo('health.status', undefined)).toBe('allowed');
    expect(accessTo('brandNew.thing', ['engineer'])).toBe('forbidden');
    expect(accessTo('brandNew.thing', ['admin'])).toBe('allowed');
    expect(accessTo('ledger.breaks', ['engineer', 'auditor'])).toBe('allowed');
    expect(usableAreas(['auditor'])).toEqual(['health', 'auth', 'ledger']);
  });

  it('maps identity provider claims to roles', () => {
    const map = parseRoleMap('sre=engineer, finance-audit=auditor,platform-admins=admin');
    expect(rolesFromClaim(['sre', 'finance-audit', 'unknown'], map)).toEqual(['engineer', 'auditor']);
    expect(rolesFromClaim('manager platform-admins', map)).toEqual(['manager', 'admin']);
    expect(rolesFromClaim(42, map)).toEqual([]);
    expect(() => parseRoleMap('sre=root')).toThrow('"sre=root" is not <claim value>=<role> with a role of engineer, auditor, manager, admin');
    expect(() => parseRoleMap('=engineer')).toThrow(/is not <claim value>=<role>/);
  });
});

describe('local accounts', () => {
  it('creates one account per role once, stores only hashes, and signs in with the printed password', async () => {
    const dir = await tempDir();
    await expect(resetPassword(dir, 'admin')).rejects.toThrow('there are no local accounts in');
    const first = await loadOrCreateAccounts(dir);
    expect(first.created.map((c) => c.name)).toEqual(['engineer', 'auditor', 'manager', 'admin']);
    const file = await readFile(path.join(dir, ACCOUNTS_FILE), 'utf8');
    for (const c of first.created) expect(file).not.toContain(c.password);
    expect((await stat(path.join(dir, ACCOUNTS_FILE))).mode & 0o777).toBe(0o600);

    const again = await loadOrCreateAccounts(dir);
    expect(again.created).toEqual([]);
    const auditor = first.created.find((c) => c.name === 'auditor')!;
    expect(await checkLocalLogin(again.accounts, 'auditor', auditor.password)).toEqual({ id: 'local:auditor', name: 'auditor', roles: ['auditor'] });
    expect(await checkLocalLogin(again.accounts, 'auditor', 'guess')).toBeUndefined();
    expect(await checkLocalLogin(again.accounts, 'nobody', auditor.password)).toBeUndefined();

    const fresh = await resetPassword(dir, 'auditor');
    const reloaded = (await loadOrCreateAccounts(dir)).accounts;
    expect(await checkLocalLogin(reloaded, 'auditor', auditor.password)).toBeUndefined();
    expect(await checkLocalLogin(reloaded, 'auditor', fresh)).toMatchObject({ name: 'auditor' });
    await expect(resetPassword(dir, 'root')).rejects.toThrow('no local account "root"; the accounts are engineer, auditor, manager, admin');
  });
});
