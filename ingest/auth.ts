import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Checks `Authorization: Bearer <token>` against the configured tokens in constant time.
 * Comparing fixed-length digests keeps the comparison time independent of the token length.
 */
export function createTokenCheck(tokens: readonly string[]): (authorization: string | undefined) => boolean {
  if (tokens.length === 0) return () => true;
  const allowed = tokens.map(digest);
  return (authorization) => {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return false;
    const given = digest(match[1].trim());
    let ok = false;
    for (const a of allowed) ok = timingSafeEqual(a, given) || ok;
    return ok;
  };
}
