import { z } from 'zod';

/**
 * The breaker presets and their parameters, named as each library names them. Defaults are the
 * libraries' documented defaults; Sentinel documents none for the threshold and the recovery
 * window, so Sightline picks error ratio 0.5 and 10 s there.
 */

const positiveMs = z.number().int('a whole number of milliseconds').positive('must be > 0').max(86_400_000, 'at most a day');
const percent = z.number().min(0, 'a percentage from 0 to 100').max(100, 'a percentage from 0 to 100');

export const hystrixSettings = z
  .object({
    preset: z.literal('hystrix'),
    /** metrics.rollingStats.timeInMilliseconds */
    rollingWindowMs: positiveMs.default(10_000),
    /** metrics.rollingStats.numBuckets */
    buckets: z.number().int().min(1).max(1000).default(10),
    /** circuitBreaker.requestVolumeThreshold */
    requestVolumeThreshold: z.number().int().min(1).default(20),
    /** circuitBreaker.errorThresholdPercentage */
    errorThresholdPercentage: percent.default(50),
    /** circuitBreaker.sleepWindowInMilliseconds */
    sleepWindowMs: positiveMs.default(5000),
    /** execution.isolation.thread.timeoutInMilliseconds: a slower call counts as a timeout failure. */
    timeoutMs: positiveMs.default(1000),
  })
  .strict()
  .refine((s) => s.rollingWindowMs % s.buckets === 0, { message: 'rollingWindowMs must be divisible by buckets (as Hystrix requires)', path: ['buckets'] });

const resilience4jShape = {
  failureRateThreshold: percent.default(50),
  slowCallRateThreshold: percent.default(100),
  slowCallDurationThresholdMs: positiveMs.default(60_000),
  /** Calls (count window) or seconds (time window). */
  slidingWindowSize: z.number().int().min(1).max(100_000).default(100),
  minimumNumberOfCalls: z.number().int().min(1).default(100),
  waitDurationInOpenStateMs: positiveMs.default(60_000),
  permittedNumberOfCallsInHalfOpenState: z.number().int().min(1).default(10),
};

export const resilience4jCountSettings = z.object({ preset: z.literal('resilience4j-count'), ...resilience4jShape }).strict();
export const resilience4jTimeSettings = z.object({ preset: z.literal('resilience4j-time'), ...resilience4jShape }).strict();

export const sentinelSettings = z
  .object({
    preset: z.literal('sentinel'),
    /** DegradeRule grade: slow request ratio, exception ratio or exception count. */
    strategy: z.enum(['slowRatio', 'errorRatio', 'errorCount'], 'slowRatio, errorRatio or errorCount').default('errorRatio'),
    /** DegradeRule count: max response time in ms (slowRatio), the ratio (errorRatio), the count (errorCount). */
    count: z.number().positive('must be > 0').optional(),
    slowRatioThreshold: z.number().min(0).max(1, 'a ratio from 0 to 1').default(1),
    statIntervalMs: positiveMs.default(1000),
    minRequestAmount: z.number().int().min(1).default(5),
    /** DegradeRule timeWindow: seconds OPEN before one probe is let through. */
    timeWindowSeconds: z.number().positive().max(86_400).default(10),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.strategy !== 'errorRatio' && s.count === undefined) {
      const what = s.strategy === 'slowRatio' ? 'the maximum response time in ms' : 'the number of errors';
      ctx.addIssue({ code: 'custom', path: ['count'], message: `count is required with strategy ${s.strategy} (${what})` });
    }
    if (s.strategy === 'errorRatio' && s.count !== undefined && s.count > 1) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'with strategy errorRatio, count is a ratio from 0 to 1' });
    }
  })
  .transform((s) => ({ ...s, count: s.count ?? 0.5 }));

export const breakerSettings = z.discriminatedUnion('preset', [hystrixSettings, resilience4jCountSettings, resilience4jTimeSettings, sentinelSettings], {
  error: 'preset must be hystrix, resilience4j-count, resilience4j-time or sentinel',
});

export type BreakerSettings = z.output<typeof breakerSettings>;
export type HystrixSettings = z.output<typeof hystrixSettings>;
export type Resilience4jSettings = z.output<typeof resilience4jCountSettings> | z.output<typeof resilience4jTimeSettings>;
export type SentinelSettings = z.output<typeof sentinelSettings>;
export type PresetName = BreakerSettings['preset'];

/** A preset with all its documented defaults. */
export function presetDefaults(preset: PresetName): BreakerSettings {
  return breakerSettings.parse({ preset });
}

/**
 * The duration above which the preset itself treats a call as slow (Hystrix: its timeout), or
 * null when it has no such notion (Sentinel counting errors).
 */
export function slowThresholdMs(s: BreakerSettings): number | null {
  switch (s.preset) {
    case 'hystrix':
      return s.timeoutMs;
    case 'resilience4j-count':
    case 'resilience4j-time':
      return s.slowCallDurationThresholdMs;
    case 'sentinel':
      return s.strategy === 'slowRatio' ? s.count : null;
  }
}
