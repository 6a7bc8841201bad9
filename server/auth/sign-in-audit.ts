import { currentStore } from '../../clickhouse/client';
import { appendAudit } from '../ledger/audit-log';

export interface SignInAttempt {
  /** The account or identity-provider subject that signed in, or the user name that was tried. */
  who: string;
  method: 'local' | 'oidc';
  ok: boolean;
  /** The client address as the proxy reports it ("local" when there is none). */
  address: string;
  /** Why a failed attempt failed, in the words shown to the user. */
  reason?: string;
}

/**
 * Puts a sign-in attempt on the hash-chained audit log. A failure to record is logged, not
 * thrown: the audit row is evidence about the sign-in, not a condition of it.
 */
export async function recordSignIn(attempt: SignInAttempt): Promise<void> {
  const store = currentStore();
  if (!store) return;
  try {
    await appendAudit(store, {
      actor: attempt.who,
      action: attempt.ok ? 'sign_in' : 'sign_in_failed',
      target: `auth.${attempt.method}`,
      detail: { address: attempt.address, ...(attempt.reason ? { reason: attempt.reason } : {}) },
    });
  } catch (err) {
    console.error(`[sightline] could not record the sign-in of ${attempt.who} on the audit log:`, err);
  }
}

/** The client address of a request as a reverse proxy reports it. */
export function clientAddress(req: Request): string {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local';
}
