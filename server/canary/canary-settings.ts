import { z } from 'zod';

const weight = z.number().min(0, 'must be 0 or more').max(100, 'at most 100');
const fraction = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** A compared metric: its share of the score, and whether failing it alone zeroes the score. */
const metric = <Extra extends z.ZodRawShape>(defaults: { weight: number; critical?: boolean }, extra: Extra) =>
  z
    .object({ weight: weight.default(defaults.weight), critical: z.boolean().default(defaults.critical ?? false), ...extra })
    .strict();

/**
 * `sightline.canary.yaml`. Every field is optional; the defaults are SPEC §5.3's. Tolerances are
 * effect sizes a difference must exceed (besides being significant) before a metric is High/Low.
 */
export const canarySettingsSchema = z
  .object({
    /** Confidence of every test and interval (SPEC: 98 %). */
    confidence: z.number().gt(0.5, 'must be above 0.5').lt(1, 'must be below 1').default(0.98),
    /** Below this many requests on either side the verdict is inconclusive. */
    minRequests: z.number().int().min(1, 'must be at least 1').default(50),
    /** Latency observations drawn per version for Mann-Whitney and Hodges–Lehmann. */
    sampleSize: z.number().int().min(50, 'must be at least 50').max(20_000, 'at most 20000').default(2000),
    metrics: z
      .object({
        errorRate: metric({ weight: 3, critical: true }, { tolerance: fraction.default(0.001) }).prefault({}),
        latencyP50: metric({ weight: 1 }, { tolerance: z.number().min(0).default(0.1) }).prefault({}),
        latencyP90: metric({ weight: 2 }, { tolerance: z.number().min(0).default(0.15) }).prefault({}),
        latencyP99: metric({ weight: 1 }, { tolerance: z.number().min(0).default(0.25) }).prefault({}),
        throughputShare: metric({ weight: 1 }, { min: fraction.default(0.01), max: fraction.default(0.5) }).prefault({}),
        errorNovelty: metric({ weight: 2 }, { threshold: fraction.default(0.08) }).prefault({}),
      })
      .strict()
      .prefault({}),
    verdict: z
      .object({
        promote: z
          .object({
            minScore: z.number().min(0).max(100).default(95),
            maxP90Ratio: z.number().positive().default(1.15),
            /** Canary error rate minus baseline's, as a fraction (0.005 = 0.5 percentage points). */
            maxErrorRateIncrease: fraction.default(0.005),
          })
          .strict()
          .prefault({}),
        rollback: z
          .object({
            belowScore: z.number().min(0).max(100).default(75),
            maxP90Ratio: z.number().positive().default(1.3),
            minNovelty: fraction.default(0.08),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.metrics.throughputShare.min > v.metrics.throughputShare.max) {
      ctx.addIssue({ code: 'custom', path: ['metrics', 'throughputShare', 'min'], message: 'must not be above max' });
    }
    if (v.verdict.promote.minScore < v.verdict.rollback.belowScore) {
      ctx.addIssue({ code: 'custom', path: ['verdict', 'promote', 'minScore'], message: 'must not be below verdict.rollback.belowScore' });
    }
  });

export type CanarySettings = z.infer<typeof canarySettingsSchema>;

export const DEFAULT_CANARY_SETTINGS: CanarySettings = canarySettingsSchema.parse({});
