'use client';

import { useSearchParams } from 'next/navigation';
import type { RouterInputs } from '../api-types';
import { useTimeRange } from '../url-state';

export type SearchInput = RouterInputs['traces']['search'];

export const SPAN_KINDS = ['Server', 'Client', 'Internal', 'Producer', 'Consumer'] as const;
type Kind = (typeof SPAN_KINDS)[number];

/** Filters of /traces read from the URL; unknown values are dropped rather than sent. */
export function useSearchInput(): SearchInput {
  const sp = useSearchParams();
  const range = useTimeRange();
  const text = (k: string) => sp.get(k)?.trim() || undefined;
  const status = sp.get('status');
  const kind = sp.get('kind');
  const minDuration = Number(sp.get('minDurationMs') ?? '');
  return {
    ...range,
    service: text('service'),
    operation: text('operation'),
    kind: SPAN_KINDS.includes(kind as Kind) ? (kind as Kind) : undefined,
    peerService: text('peerService'),
    region: text('region'),
    az: text('az'),
    version: text('version'),
    traceId: text('traceId'),
    minDurationMs: sp.get('minDurationMs') && Number.isFinite(minDuration) && minDuration >= 0 ? minDuration : undefined,
    status: status === 'error' || status === 'ok' ? status : 'any',
    rootOnly: sp.get('rootOnly') === 'true',
    limit: 50,
  };
}
