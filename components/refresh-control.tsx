'use client';

import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useHydrated } from './use-hydrated';
import { DEFAULT_REFRESH, REFRESH_OPTIONS, useRefresh, useUpdateParams, type RefreshOption } from './url-state';

/** Time of the last successful fetch of any query on the page. */
function useLastUpdate(): number | null {
  const queryClient = useQueryClient();
  const [last, setLast] = useState<number | null>(null);
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'success') setLast(Date.now());
      }),
    [queryClient],
  );
  return last;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** Live refresh interval (pausable), a manual refresh, and how fresh the page is. */
export function RefreshControl() {
  const { refresh } = useRefresh();
  const update = useUpdateParams();
  const queryClient = useQueryClient();
  const fetching = useIsFetching();
  const last = useLastUpdate();
  const now = useNow(1000);
  const paused = refresh === 'off';
  // The server renders before any query runs; showing the spinner only once hydrated keeps the
  // first client render identical to that HTML (otherwise React discards it as a mismatch).
  const hydrated = useHydrated();

  return (
    <>
      <span className="updated" aria-live="polite">
        {hydrated && fetching > 0 ? <span className="spinner" aria-label="Loading" /> : null} {last ? `updated ${ago(now - last)}` : ''}
      </span>
      <button
        className="btn"
        type="button"
        onClick={() => void queryClient.invalidateQueries()}
        title="Refresh now"
        aria-label="Refresh now"
      >
        ⟳
      </button>
      <button
        className="btn"
        type="button"
        aria-pressed={!paused}
        onClick={() => update({ refresh: paused ? DEFAULT_REFRESH : 'off' }, 'replace')}
        title={paused ? 'Resume live refresh' : 'Pause live refresh'}
      >
        {paused ? '▶ Live' : '❚❚ Pause'}
      </button>
      <select
        className="select"
        aria-label="Refresh interval"
        value={refresh}
        onChange={(e) => update({ refresh: e.target.value as RefreshOption }, 'replace')}
      >
        {Object.keys(REFRESH_OPTIONS).map((k) => (
          <option key={k} value={k}>
            {k === 'off' ? 'Auto-refresh off' : `Every ${k}`}
          </option>
        ))}
      </select>
    </>
  );
}
