import { initTRPC, TRPCError } from '@trpc/server';
import { currentStore, type Store } from '../clickhouse/client';
import { metrics } from './metrics';

export interface Context {
  /** The process-wide ClickHouse store; undefined until the process entry point has opened it. */
  store: Store | undefined;
}

export function createContext(): Context {
  return { store: currentStore() };
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
export const publicProcedure = t.procedure.use(observed);
/** Procedures that read ClickHouse; `ctx.store` is guaranteed. */
export const storeProcedure = publicProcedure.use(requireStore);
