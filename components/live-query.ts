'use client';

import { keepPreviousData } from '@tanstack/react-query';
import { useRefresh } from './url-state';

/**
 * Options every dashboard query shares: refetch on the chosen interval (relative ranges slide,
 * because the server resolves `now-…` per request) and keep showing the previous data while a
 * changed filter loads.
 */
export function useLiveOptions() {
  const { intervalMs } = useRefresh();
  return { refetchInterval: intervalMs, placeholderData: keepPreviousData } as const;
}
