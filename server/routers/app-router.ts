import { router } from '../trpc';
import { authRouter } from './auth';
import { canaryRouter } from './canary';
import { debtRouter } from './debt';
import { circuitsRouter } from './circuits';
import { healthRouter } from './health';
import { ledgerRouter } from './ledger';
import { regionsRouter } from './regions';
import { servicesRouter } from './services';
import { sloRouter } from './slo';
import { systemRouter } from './system';
import { tracesRouter } from './traces';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  services: servicesRouter,
  traces: tracesRouter,
  system: systemRouter,
  slo: sloRouter,
  ledger: ledgerRouter,
  circuits: circuitsRouter,
  canary: canaryRouter,
  regions: regionsRouter,
  debt: debtRouter,
});

export type AppRouter = typeof appRouter;
