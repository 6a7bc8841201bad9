import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { appRouter } from '../routers/app-router';
import { ACCESS, ROLES, type Role } from './roles';

/**
 * Every procedure of every router, called by every role (and by nobody): allowed exactly where
 * the access matrix says. Inputs are empty, so an allowed call may still fail validation — what
 * matters is that it is not refused as UNAUTHORIZED or FORBIDDEN.
 */

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
});
afterAll(async () => {
  await cleanup();
});

type Callable = (input?: unknown) => Promise<unknown>;

const procedures = Object.keys(appRouter._def.procedures);

async function refusal(path: string, roles: Role[] | undefined): Promise<string | undefined> {
  const caller = appRouter.createCaller({ store, user: roles ? { id: 'test', name: 'test', roles } : undefined });
  // The caller is a nested proxy keyed by the path segments of each procedure.
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Callable;
  try {
    await fn({});
    return undefined;
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'UNAUTHORIZED' || err.code === 'FORBIDDEN')) return err.code;
    return undefined;
  }
}

function expected(path: string, roles: Role[] | undefined): string | undefined {
  const allowed = ACCESS[path.split('.')[0]!] ?? ['admin'];
  if (allowed === 'anyone') return undefined;
  if (!roles) return 'UNAUTHORIZED';
  return roles.some((r) => allowed.includes(r)) ? undefined : 'FORBIDDEN';
}

describe('role-based access to every tRPC procedure', () => {
  it('covers every router in the access matrix', () => {
    const areas = new Set(procedures.map((p) => p.split('.')[0]!));
    expect([...areas].filter((a) => !(a in ACCESS))).toEqual([]);
    expect(areas.has('ledger') || areas.has('services')).toBe(true);
  });

  it.each([...ROLES.map((r) => [r] as [Role]), ['nobody' as const]])('as %s', async (who) => {
    const roles = who === 'nobody' ? undefined : [who];
    const outcomes: Record<string, string | undefined> = {};
    const wanted: Record<string, string | undefined> = {};
    for (const path of procedures) {
      outcomes[path] = await refusal(path, roles);
      wanted[path] = expected(path, roles);
    }
    expect(outcomes).toEqual(wanted);
  });
});
