'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';
import { useHydrated } from '../use-hydrated';

/**
 * Which areas (tRPC routers) the signed-in user's roles may use, so the UI can hide what they
 * cannot open; the server checks again on every call. `known` is false until the answer is in
 * (and during hydration: the user menu, outside any Suspense boundary, may have fetched it already).
 */
export function useAreas(): { known: boolean; can: (area: string) => boolean } {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const hydrated = useHydrated();
  const areas = hydrated ? me.data?.areas : undefined;
  return { known: areas !== undefined, can: (area) => areas?.includes(area) ?? false };
}
