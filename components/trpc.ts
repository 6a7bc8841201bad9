'use client';

import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/routers/app-router';

/** Typed React Query bindings for the tRPC API; the router type is a type-only import. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
