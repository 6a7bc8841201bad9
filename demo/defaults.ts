/** Defaults shared by the runner, ground truth and tools. */

export const DEFAULT_SEED = 42;
/**
 * Base gateway requests/s (before the 0.6–1.4 diurnal and ×10 flash-sale multipliers). 10 keeps
 * order→inventory at ≥ 20 calls in every 10 s window even in the diurnal trough
 * (10 × 0.6 × 30 % orders × 1.85 items × 10 s ≈ 33; ≥ 26 measured), which the Hystrix replay of
 * the inventory episode needs, while 6 hours of backfill stay at 5.6–7.6 million spans
 * (~14.8 spans per request).
 */
export const DEFAULT_RATE = 10;
export const DEFAULT_BACKFILL_HOURS = 6;
