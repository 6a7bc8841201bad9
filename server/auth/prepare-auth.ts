import path from 'node:path';
import { authMode, type Config } from '../config';
import { registerAuth, type AuthRuntime } from './auth-runtime';
import { ACCOUNTS_FILE, formatCreatedAccounts, loadOrCreateAccounts } from './local-accounts';
import { createOidcClient } from './oidc';
import { loadSessionSecret } from './session-secret';

/**
 * Sets up sign-in before the UI starts serving: the session key, the local accounts (created
 * and printed once on first start) or the OpenID Connect client (discovery must succeed, so a
 * wrong issuer stops the start with a clear message instead of failing at the first sign-in).
 */
export async function prepareAuth(config: Config, log: (line: string) => void = console.log): Promise<AuthRuntime> {
  const mode = authMode(config);
  const dataDir = path.resolve(config.SIGHTLINE_DATA_DIR);
  const secret = await loadSessionSecret(config.SIGHTLINE_SESSION_SECRET, dataDir);
  const publicUrl = new URL(config.SIGHTLINE_PUBLIC_URL ?? `http://localhost:${config.PORT}`);
  const secureCookies = publicUrl.protocol === 'https:';

  if (mode === 'off') {
    log('[sightline] sign-in is OFF (SIGHTLINE_AUTH=off): everyone on this machine is an admin');
    return registerAuth({ mode, secret, accounts: [], secureCookies });
  }
  if (mode === 'local') {
    const { accounts, created } = await loadOrCreateAccounts(dataDir);
    if (created.length > 0) log(`[sightline] ${formatCreatedAccounts(created, path.join(dataDir, ACCOUNTS_FILE))}`);
    return registerAuth({ mode, secret, accounts, secureCookies });
  }
  const issuer = config.SIGHTLINE_OIDC_ISSUER!;
  let oidc;
  try {
    oidc = await createOidcClient(
      {
        issuer,
        clientId: config.SIGHTLINE_OIDC_CLIENT_ID!,
        clientSecret: config.SIGHTLINE_OIDC_CLIENT_SECRET!,
        redirectUri: new URL('/api/auth/oidc/callback', publicUrl).toString(),
        roleClaim: config.SIGHTLINE_OIDC_ROLE_CLAIM,
        roleMap: config.SIGHTLINE_OIDC_ROLE_MAP,
      },
      secret,
    );
  } catch (err) {
    throw new Error(`SIGHTLINE_OIDC_ISSUER=${issuer}: OpenID Connect discovery failed: ${(err as Error).message}`);
  }
  log(`[sightline] sign-in via OpenID Connect (${issuer}), roles from the "${config.SIGHTLINE_OIDC_ROLE_CLAIM}" claim`);
  return registerAuth({ mode, secret, accounts: [], oidc, secureCookies });
}
