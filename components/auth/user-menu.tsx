'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/** Who is signed in, with their roles, and the way out. */
export function UserMenu() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const user = me.data?.user;
  if (!user || me.data?.mode === 'off') return null;
  return (
    <form method="post" action="/api/auth/logout" className="user-menu">
      <span title={user.id}>
        {user.name} <span className="muted">· {user.roles.join(', ')}</span>
      </span>
      <button className="btn" type="submit">
        Sign out
      </button>
    </form>
  );
}
