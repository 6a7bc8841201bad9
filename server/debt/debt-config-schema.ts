import { z } from 'zod';

export const DIMENSIONS = ['maintainability', 'observability', 'buildStability', 'security'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const SERVICE = z.string().trim().min(1, 'must not be empty').max(128, 'at most 128 characters');
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const nonNegative = z.number().min(0, 'must be ≥ 0');

const level = z
  .object({ healthy: nonNegative, critical: nonNegative })
  .strict()
  .refine((l) => l.critical > l.healthy, 'critical must be above healthy');

const severity = z.enum(['critical', 'high', 'medium', 'low', 'unknown']);

const spansTrigger = z
  .object({
    kind: z.literal('spans'),
    service: SERVICE.optional(),
    spanName: z.string().min(1).optional(),
    spanKind: z.enum(['Server', 'Client', 'Internal', 'Producer', 'Consumer']).optional(),
    attributes: z.record(z.string().min(1), z.string()).default({}),
    status: z.enum(['error', 'any']).default('any'),
    minDurationMs: nonNegative.default(0),
    above: nonNegative.describe('spans per day (the last 24 hours)'),
  })
  .strict();

const dimensionTrigger = z
  .object({
    kind: z.literal('dimension'),
    service: SERVICE,
    dimension: z.enum([...DIMENSIONS, 'index']),
    above: nonNegative,
  })
  .strict();

const vulnerabilityTrigger = z
  .object({
    kind: z.literal('vulnerability'),
    service: SERVICE.optional(),
    id: z.string().min(1).optional(),
    minSeverity: severity.default('low'),
    fixAvailable: z.boolean().optional(),
    above: nonNegative.default(0),
  })
  .strict();

const complexityTrigger = z
  .object({
    kind: z.literal('complexity'),
    service: SERVICE.optional(),
    function: z.string().min(1).optional(),
    above: nonNegative,
  })
  .strict();

export const eduTrigger = z.discriminatedUnion('kind', [spansTrigger, dimensionTrigger, vulnerabilityTrigger, complexityTrigger], {
  error: 'kind must be one of spans, dimension, vulnerability, complexity',
});
export type EduTrigger = z.infer<typeof eduTrigger>;

const edu = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    owner: z.string().min(1),
    fix: z.string().default(''),
    trigger: eduTrigger,
  })
  .strict();
export type EduDefinition = z.infer<typeof edu>;

const target = z
  .object({
    service: SERVICE.describe('a service, or "platform" for the traffic-weighted platform index'),
    index: z.number().min(0).max(100),
    deadline: dateOnly,
    start: dateOnly.optional(),
  })
  .strict();
export type DebtTarget = z.infer<typeof target>;

const weights = z
  .object({ maintainability: nonNegative, observability: nonNegative, buildStability: nonNegative, security: nonNegative })
  .strict()
  .refine((w) => w.maintainability + w.observability + w.buildStability + w.security > 0, 'at least one weight must be above 0');

/** `sightline.debt.yaml`; every field has SPEC §5.6's default. */
export const debtConfigSchema = z
  .object({
    weights: weights.default({ maintainability: 30, observability: 25, buildStability: 25, security: 20 }),
    levels: z
      .object({ maintainability: level, observability: level, buildStability: level, security: level })
      .partial()
      .strict()
      .default({}),
    complexityLimit: z.number().int().min(1).default(15),
    severityPoints: z
      .object({ critical: nonNegative, high: nonNegative, medium: nonNegative, low: nonNegative, unknown: nonNegative })
      .partial()
      .strict()
      .default({}),
    fixAvailableFactor: z.number().min(1).default(1.5),
    governanceThreshold: z.number().min(0).max(100).default(40),
    ciWindowDays: z.number().int().min(1).max(365).default(30),
    repositories: z.record(z.string().min(1), SERVICE).default({}),
    targets: z.array(target).default([]),
    edus: z.array(edu).default([]),
  })
  .strict();

export type DebtConfigInput = z.input<typeof debtConfigSchema>;

export interface DebtSettings {
  weights: Record<Dimension, number>;
  levels: Record<Dimension, { healthy: number; critical: number }>;
  complexityLimit: number;
  severityPoints: Record<z.infer<typeof severity>, number>;
  fixAvailableFactor: number;
  governanceThreshold: number;
  ciWindowDays: number;
  repositories: Record<string, string>;
  targets: DebtTarget[];
  edus: EduDefinition[];
}

export const DEFAULT_LEVELS: Record<Dimension, { healthy: number; critical: number }> = {
  maintainability: { healthy: 0, critical: 0.2 },
  observability: { healthy: 0, critical: 0.3 },
  buildStability: { healthy: 0, critical: 0.3 },
  security: { healthy: 0, critical: 50 },
};

export const DEFAULT_SEVERITY_POINTS = { critical: 10, high: 5, medium: 2, low: 0.5, unknown: 0 };

/** Fills the defaults the schema leaves partial. */
export function settingsFrom(parsed: z.infer<typeof debtConfigSchema>): DebtSettings {
  return {
    ...parsed,
    levels: { ...DEFAULT_LEVELS, ...parsed.levels },
    severityPoints: { ...DEFAULT_SEVERITY_POINTS, ...parsed.severityPoints },
  };
}

export const DEFAULT_DEBT_SETTINGS: DebtSettings = settingsFrom(debtConfigSchema.parse({}));
