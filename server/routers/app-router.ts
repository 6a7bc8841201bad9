import { router } from '../trpc';
import { healthRouter } from './health';
import { servicesRouter } from './services';
import { sloRouter } from './slo';
import { systemRouter } from './system';
import { tracesRouter } from './traces';

export const appRouter = router({
  health: healthRouter,
  services: servicesRouter,
  traces: tracesRouter,
  system: systemRouter,
  slo: sloRouter,
});

export type AppRouter = typeof appRouter;
