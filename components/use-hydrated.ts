'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False while React hydrates the server HTML, true afterwards. Suspense boundaries hydrate in
 * later passes, by which time a query started outside them may have its data; rendering that data
 * in the hydration pass would not match the server HTML, so data shared across boundaries waits
 * for this.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
