import { initTRPC, TRPCError } from '@trpc/server';
import { currentStore, type Store } from '../clickhouse/client';
import { userFromCookies } from './auth/auth-runtime';
import { ACCESS, accessTo } from './auth/roles';
import type { SessionUser } from './auth/session';
import { metrics } from './metrics';

export interface Context {
  /** The process-wide ClickHouse store; undefined until the process entry point has opened it. */
  store: Store | undefined;
  /** The signed-in user (from the session cookie); undefined when nobody is. */
  user?: SessionUser;
}

export async function createContext(opts?: { req: Request }): Promise<Context> {
  return { store: currentStore(), user: opts ? await userFromCookies(opts.req.headers.get('cookie')) : undefined };
}

const t = initTRPC.context<Context>().create();

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function issuesOf(cause: unknown): Issue[] | undefined {
  if (typeof cause !== 'object' || cause === null || !('issues' in cause)) return undefined;
  const issues = (cause as { issues: unknown }).issues;
  return Array.isArray(issues) ? (issues as Issue[]) : undefined;
}

/** `to: "from" must be before "to"` instead of a JSON dump of validator internals. */
function describeIssues(issues: Issue[]): string {
  return issues
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/**
 * Every procedure's latency goes into the Prometheus histogram shown on /system, and input
 * validation errors get a message a person can read (the same for HTTP and server callers).
 */
const observed = t.middleware(async ({ path, next }) => {
  const stop = metrics().querySeconds.startTimer({ procedure: path });
  const result = await next();
  stop();
  if (!result.ok && result.error.code === 'BAD_REQUEST') {
    const issues = issuesOf(result.error.cause);
    if (issues) result.error.message = `Invalid input: ${describeIssues(issues)}`;
  }
  return result;
});

/** The server is the gate: every call is checked against the role matrix, whatever the UI shows. */
const authorized = t.middleware(({ ctx, path, next }) => {
  const roles = ctx.user?.roles;
  const decision = accessTo(path, roles);
  if (decision === 'unauthenticated') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: this needs a signed-in user' });
  if (decision === 'forbidden') {
    const area = path.split('.')[0] ?? '';
    const allowed = ACCESS[area];
    const needs = Array.isArray(allowed) ? allowed.join(', ') : 'admin';
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${roles?.join(', ') || 'none'}) may not use ${area}: it needs ${needs}` });
  }
  return next();
});

const requireStore = t.middleware(({ ctx, next }) => {
  if (!ctx.store) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'ClickHouse is not open in this process yet (still starting, or started without server/main.ts)',
    });
  }
  return next({ ctx: { store: ctx.store } });
});

export const router = t.router;
export const publicProcedure = t.procedure.use(observed).use(authorized);
/** Procedures that read ClickHouse; `ctx.store` is guaranteed. */
export const storeProcedure = publicProcedure.use(requireStore);
