import { usableAreas } from '../auth/roles';
import { currentAuth } from '../auth/auth-runtime';
import { publicProcedure, router } from '../trpc';

export const authRouter = router({
  /** Who is signed in, how sign-in works here, and which areas the user's roles may open. */
  me: publicProcedure.query(({ ctx }) => ({
    user: ctx.user ?? null,
    mode: currentAuth()?.mode ?? 'local',
    areas: ctx.user ? usableAreas(ctx.user.roles) : [],
  })),
});
