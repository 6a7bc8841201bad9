import * as oidc from 'openid-client';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { rolesFromClaim } from './role-claims';
import { ROLES, type Role } from './roles';
import type { SessionUser } from './session';

/** OpenID Connect sign-in (authorization code flow with PKCE, state and nonce). */

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the IdP sends the browser back: `<public URL>/api/auth/oidc/callback`. */
  redirectUri: string;
  /** The ID token claim holding the user's groups or roles (a string or an array of strings). */
  roleClaim: string;
  /** Claim value → Sightline role; a value that is a role name maps to itself. */
  roleMap: Record<string, Role>;
}

export const OIDC_FLOW_COOKIE = 'sightline_oidc';
const FLOW_MINUTES = 10;

export interface OidcClient {
  /** The IdP URL to send the browser to, and the signed flow cookie holding the checks. */
  start(returnTo: string): Promise<{ url: URL; flowCookie: string }>;
  /**
   * Completes sign-in from the callback's query string; throws with a reason a person can read.
   * The URL is rebuilt on the configured redirect URI because the token request must repeat it
   * exactly, whatever host name the browser used to reach us.
   */
  finish(callbackQuery: string, flowCookie: string | undefined): Promise<{ user: SessionUser; returnTo: string }>;
}

const flowSchema = z.object({ verifier: z.string(), state: z.string(), nonce: z.string(), returnTo: z.string() });

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

export async function createOidcClient(settings: OidcSettings, secret: Uint8Array): Promise<OidcClient> {
  const issuer = new URL(settings.issuer);
  // Plain HTTP is for an IdP on this machine (development, tests); anywhere else it must be HTTPS.
  const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
  const config = await oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);

  return {
    async start(returnTo) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const flowCookie = await new SignJWT({ verifier, state, nonce, returnTo })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience('sightline-oidc-flow')
        .setExpirationTime(`${FLOW_MINUTES}m`)
        .sign(secret);
      return { url, flowCookie };
    },

    async finish(callbackQuery, flowCookie) {
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery;
      if (!flowCookie) throw new Error('the sign-in attempt has no flow cookie (it expired after 10 minutes, or cookies are blocked): start again');
      let flow: z.infer<typeof flowSchema>;
      try {
        const { payload } = await jwtVerify(flowCookie, secret, { algorithms: ['HS256'], audience: 'sightline-oidc-flow' });
        flow = flowSchema.parse(payload);
      } catch {
        throw new Error('the sign-in attempt expired or was tampered with: start again');
      }
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider returned no ID token');
      const roles = rolesFromClaim(claims[settings.roleClaim], settings.roleMap);
      if (roles.length === 0) {
        throw new Error(`your account has no Sightline role: the "${settings.roleClaim}" claim must contain one of ${[...Object.keys(settings.roleMap), ...ROLES].join(', ')}`);
      }
      const name = [claims.name, claims.preferred_username, claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0) ?? claims.sub;
      return { user: { id: `${claims.iss}#${claims.sub}`, name, roles }, returnTo: flow.returnTo };
    },
  };
}
