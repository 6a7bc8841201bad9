'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from '@trpc/client';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/routers/app-router';
import { TRPCProvider } from './trpc';

/** Client mistakes (4xx) will not fix themselves on retry; server and network faults might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
    if (status !== undefined && status >= 400 && status < 500) return false;
  }
  return failureCount < 2;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: shouldRetry, refetchOnWindowFocus: false } },
      }),
  );
  // Streamed batches: a page's fast panels render as soon as their answers are in, not when its
  // slowest query of the same batch finishes.
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchStreamLink({ url: '/api/trpc' })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
