'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export const DEFAULT_FROM = 'now-1h';
export const DEFAULT_TO = 'now';
export const REFRESH_OPTIONS = { off: false, '10s': 10_000, '30s': 30_000, '1m': 60_000, '5m': 300_000 } as const;
export type RefreshOption = keyof typeof REFRESH_OPTIONS;
export const DEFAULT_REFRESH: RefreshOption = '30s';

/** Params that follow the user from page to page, Grafana-style. */
const CARRIED = ['from', 'to', 'refresh'] as const;

export type ParamValue = string | number | boolean | null | undefined;

/** `path?k=v`, leaving out empty values so links stay short and readable. */
export function hrefWith(path: string, params: Record<string, ParamValue>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** The time range in the URL as given (relative or epoch ms); the server resolves it. */
export function useTimeRange(): { from: string; to: string } {
  const sp = useSearchParams();
  return { from: sp.get('from') || DEFAULT_FROM, to: sp.get('to') || DEFAULT_TO };
}

export function useRefresh(): { refresh: RefreshOption; intervalMs: number | false } {
  const raw = useSearchParams().get('refresh');
  const refresh = raw && raw in REFRESH_OPTIONS ? (raw as RefreshOption) : DEFAULT_REFRESH;
  return { refresh, intervalMs: REFRESH_OPTIONS[refresh] };
}

/** The range/refresh params currently in the URL, to carry over into links. */
export function useCarriedParams(): Record<string, string> {
  const sp = useSearchParams();
  const out: Record<string, string> = {};
  for (const k of CARRIED) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** Merges a patch into the current query string (null/'' removes a key). */
export function useUpdateParams(): (patch: Record<string, ParamValue>, mode?: 'push' | 'replace') => void {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  return useCallback(
    (patch, mode = 'push') => {
      const next = Object.fromEntries(sp.entries()) as Record<string, ParamValue>;
      Object.assign(next, patch);
      const href = hrefWith(pathname, next);
      if (mode === 'push') router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [router, pathname, sp],
  );
}
