'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useTRPC } from '../trpc';
import styles from './login.module.css';

/** A plain HTML form posting to the sign-in route: it works before (and without) JavaScript. */
export function LoginForm() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const me = useQuery(trpc.auth.me.queryOptions());
  const error = params.get('error');
  const next = params.get('next') ?? '/';
  const mode = me.data?.mode ?? 'local';
  return (
    <div className={styles.wrap}>
      <form className={`panel ${styles.card}`} method="post" action="/api/auth/login">
        <h1 className={styles.title}>
          <span className="brand-mark" aria-hidden /> Sign in to Sightline
        </h1>
        {error && (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        )}
        {me.data?.user && (
          <p className="muted">
            Signed in as <b>{me.data.user.name}</b> ({me.data.user.roles.join(', ')}). <a href={next}>Continue</a>
          </p>
        )}
        {mode === 'oidc' ? (
          <a className="btn btn-primary" href={`/api/auth/oidc/login?${new URLSearchParams({ next })}`}>
            Sign in with single sign-on
          </a>
        ) : (
          <>
            <input type="hidden" name="next" value={next} />
            <label className={styles.field}>
              User name
              <input name="username" autoComplete="username" required autoFocus />
            </label>
            <label className={styles.field}>
              Password
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            <button className="btn btn-primary" type="submit">
              Sign in
            </button>
            <p className={`muted ${styles.hint}`}>
              Local accounts (engineer, auditor, manager, admin) get passwords at Sightline&apos;s first start, printed once in its
              output. <code>npm run accounts -- reset &lt;name&gt;</code> sets a new one.
            </p>
          </>
        )}
      </form>
    </div>
  );
}
