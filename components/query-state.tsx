'use client';

import type { ReactNode } from 'react';

interface QueryLike<T> {
  data: T | undefined;
  error: { message: string } | null;
  isPending: boolean;
  refetch: () => unknown;
}

interface Props<T> {
  query: QueryLike<T>;
  /** When true the data is rendered as the empty state instead. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Height of the loading placeholder, to keep the layout from jumping. */
  height?: number;
  children: (data: T) => ReactNode;
}

function ErrorState({ message, onRetry }: { message: string; onRetry: () => unknown }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this</strong>
      <pre>{message}</pre>
      <button className="btn" type="button" onClick={() => void onRetry()}>
        Retry
      </button>
    </div>
  );
}

/**
 * The loading, error and empty states every chart and table needs. Data already shown stays on
 * screen when a background refresh fails; the failure is reported above it.
 */
export function QueryState<T>({ query, isEmpty, empty = 'No data in this time range.', height = 120, children }: Props<T>) {
  const { data, error, isPending, refetch } = query;
  if (data === undefined) {
    if (error) return <ErrorState message={error.message} onRetry={refetch} />;
    if (isPending) return <div className="skeleton" style={{ height }} aria-busy="true" aria-label="Loading" />;
    return null;
  }
  return (
    <>
      {error && (
        <div className="state-error" role="alert" style={{ padding: '4px 0' }}>
          Refresh failed: {error.message}{' '}
          <button className="btn" type="button" onClick={() => void refetch()}>
            Retry
          </button>
        </div>
      )}
      {isEmpty?.(data) ? <div className="state">{empty}</div> : children(data)}
    </>
  );
}
