import { z } from 'zod';
import { DEFAULT_MIN_EVENTS } from './alert-policy';
import { LATENCY_THRESHOLDS_MS, type Budgeting, type LatencyThresholdMs, type SliSpec, type SloDefinition } from './slo-definition';
import { parseDurationShorthand, rollingMs, type DurationShorthand, type SloWindow } from './slo-window';
import { isTimeZone, type WallTime } from './zoned-time';

/**
 * The OpenSLO v1 `SLO` document, restricted to what Sightline evaluates exactly from its
 * 1-minute rollups. Descriptive fields are accepted and ignored; anything that would change
 * the meaning but is not supported is rejected by name rather than silently dropped.
 */

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 92 * DAY_MS;

// OpenSLO names follow DNS labels (RFC 1123); they become the SLO's id and URL.
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit');

const name = z.string().trim().min(1, 'must not be empty').max(256, 'at most 256 characters');
const labels = z.record(z.string(), z.unknown()).optional();

const metadata = z.strictObject({ name: dnsLabel, displayName: z.string().max(256).optional(), labels, annotations: labels });

const sightlineQuery = z.strictObject({
  service: name.optional(),
  route: name.optional(),
  sli: z.enum(['availability', 'latency']).optional(),
  thresholdMs: z.number().optional(),
});

const metricSource = z.strictObject({
  metricSource: z.strictObject({
    type: z.string().refine((t) => t.toLowerCase() === 'sightline', 'Sightline reads its own rollups: use type: Sightline'),
    spec: sightlineQuery,
  }),
});

const indicator = z.strictObject({
  metadata: z.strictObject({ name: dnsLabel.optional(), displayName: z.string().optional(), labels, annotations: labels }).optional(),
  spec: z.strictObject({
    ratioMetric: z.strictObject({
      counter: z.boolean().optional(),
      good: metricSource,
      total: metricSource.optional(),
    }),
  }),
});

const startTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/, 'a local time "YYYY-MM-DD HH:MM:SS" in the window\'s timeZone');

const timeWindow = z.strictObject({
  duration: z.string().refine((d) => parseDurationShorthand(d) !== undefined, 'a duration like 28d, 4w, 1M or 1Q (a number and one of m h d w M Q Y)'),
  isRolling: z.boolean(),
  calendar: z.strictObject({ startTime, timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai or UTC') }).optional(),
});

const objective = z.strictObject({
  displayName: z.string().max(256).optional(),
  target: z.number().gt(0, 'must be above 0').lt(1, 'must be a share below 1, such as 0.995 for 99.5 % (a target of 1 leaves no error budget)'),
  timeSliceTarget: z.number().gt(0).max(1).optional(),
  timeSliceWindow: z.string().optional(),
});

export const openSloDocument = z.strictObject({
  apiVersion: z.literal('openslo/v1', 'must be openslo/v1'),
  kind: z.literal('SLO', 'only kind: SLO is read from this file'),
  metadata,
  spec: z.strictObject({
    description: z.string().optional(),
    service: name,
    indicator,
    timeWindow: z.array(timeWindow).length(1, 'exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices'], 'Occurrences or Timeslices'),
    objectives: z.array(objective).min(1, 'at least one objective'),
  }),
});

export type OpenSloDocument = z.infer<typeof openSloDocument>;
type Issue = { path: PropertyKey[]; message: string };

function wallTime(text: string): WallTime {
  const [date = '', time = '00:00:00'] = text.split(/[ T]/);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  return { year, month, day, hour, minute, second };
}

function validWall(w: WallTime): boolean {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  return d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day && d.getUTCHours() === w.hour && d.getUTCMinutes() === w.minute;
}

function calendarLength(d: DurationShorthand): number | undefined {
  if (d.unit === 'd') return d.count * DAY_MS;
  if (d.unit === 'w') return d.count * 7 * DAY_MS;
  if (d.unit === 'M') return d.count * 31 * DAY_MS;
  if (d.unit === 'Q') return d.count * 92 * DAY_MS;
  return undefined;
}

function toWindow(tw: OpenSloDocument['spec']['timeWindow'][number], issues: Issue[]): SloWindow | undefined {
  const base = ['spec', 'timeWindow', 0];
  const duration = parseDurationShorthand(tw.duration)!;
  if (tw.isRolling) {
    if (tw.calendar) issues.push({ path: [...base, 'calendar'], message: 'a rolling window has no calendar; set isRolling: false for a calendar window' });
    const ms = rollingMs(duration);
    if (ms < DAY_MS || ms > MAX_WINDOW_MS) {
      issues.push({ path: [...base, 'duration'], message: 'rolling windows from 1d to 92d are supported (burn-rate alerts need at least a day; longer windows are not kept per minute)' });
    }
    return { kind: 'rolling', duration };
  }
  if (!tw.calendar) {
    issues.push({ path: [...base, 'isRolling'], message: 'a calendar window (isRolling: false) needs calendar: {startTime, timeZone}' });
    return undefined;
  }
  const length = calendarLength(duration);
  if (length === undefined || length > MAX_WINDOW_MS) {
    issues.push({ path: [...base, 'duration'], message: 'calendar windows are days, weeks, months or one quarter (e.g. 1d, 1w, 1M, 1Q)' });
    return undefined;
  }
  const anchor = wallTime(tw.calendar.startTime);
  if (!validWall(anchor)) issues.push({ path: [...base, 'calendar', 'startTime'], message: 'not a valid date and time' });
  else if (anchor.second !== 0) issues.push({ path: [...base, 'calendar', 'startTime'], message: 'periods start on a whole minute (seconds must be 00)' });
  return { kind: 'calendar', duration, anchor, timeZone: tw.calendar.timeZone };
}

function toSli(doc: OpenSloDocument, issues: Issue[]): { sli: SliSpec; service: string; route?: string } | undefined {
  const ratio = doc.spec.indicator.spec.ratioMetric;
  const goodPath = ['spec', 'indicator', 'spec', 'ratioMetric', 'good', 'metricSource', 'spec'];
  const good = ratio.good.metricSource.spec;
  const total = ratio.total?.metricSource.spec;
  const service = good.service ?? doc.spec.service;
  const route = good.route ?? total?.route;
  if (total && ((total.service ?? doc.spec.service) !== service || (total.route !== undefined && total.route !== route))) {
    issues.push({ path: ['spec', 'indicator', 'spec', 'ratioMetric', 'total', 'metricSource', 'spec'], message: 'total must select the same service and route as good' });
  }
  if (total && (total.sli !== undefined || total.thresholdMs !== undefined)) {
    issues.push({ path: ['spec', 'indicator', 'spec', 'ratioMetric', 'total', 'metricSource', 'spec'], message: 'sli and thresholdMs belong to good; total counts every request' });
  }
  if (good.sli === undefined) {
    issues.push({ path: goodPath, message: 'sli: availability or sli: latency is required' });
    return undefined;
  }
  if (good.sli === 'availability') {
    if (good.thresholdMs !== undefined) issues.push({ path: [...goodPath, 'thresholdMs'], message: 'thresholdMs applies to sli: latency only' });
    return { sli: { kind: 'availability' }, service, route };
  }
  const threshold = good.thresholdMs;
  if (!LATENCY_THRESHOLDS_MS.includes(threshold as LatencyThresholdMs)) {
    issues.push({
      path: [...goodPath, 'thresholdMs'],
      message: `a latency SLI needs thresholdMs ${LATENCY_THRESHOLDS_MS.join(', ')} (the latencies the 1-minute rollup counts requests against)`,
    });
    return undefined;
  }
  return { sli: { kind: 'latency', thresholdMs: threshold as LatencyThresholdMs }, service, route };
}

function toBudgeting(doc: OpenSloDocument, index: number, issues: Issue[]): Budgeting {
  const o = doc.spec.objectives[index]!;
  const path = ['spec', 'objectives', index];
  if (doc.spec.budgetingMethod === 'Occurrences') {
    if (o.timeSliceTarget !== undefined || o.timeSliceWindow !== undefined) {
      issues.push({ path, message: 'timeSliceTarget/timeSliceWindow apply to budgetingMethod: Timeslices only' });
    }
    return { method: 'Occurrences' };
  }
  if (o.timeSliceTarget === undefined) issues.push({ path, message: 'budgetingMethod: Timeslices needs timeSliceTarget (the good share that makes a minute good)' });
  if (o.timeSliceWindow !== undefined && o.timeSliceWindow !== '1m') {
    issues.push({ path: [...path, 'timeSliceWindow'], message: 'time slices are 1m, the rollup resolution' });
  }
  return { method: 'Timeslices', sliceTarget: o.timeSliceTarget ?? 1 };
}

/**
 * SLO definitions from one validated document (one per objective: `name`, or `name-2`… when a
 * document has several), or the issues that make it unusable, with their paths in the document.
 */
export function definitionsFrom(doc: OpenSloDocument, source: SloDefinition['source']): { definitions: SloDefinition[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const window = toWindow(doc.spec.timeWindow[0]!, issues);
  const indicator = toSli(doc, issues);
  const budgeting = doc.spec.objectives.map((_, i) => toBudgeting(doc, i, issues));
  if (!window || !indicator || issues.length > 0) return { definitions: [], issues };
  const definitions = doc.spec.objectives.map((o, i): SloDefinition => {
    const suffix = doc.spec.objectives.length > 1 ? `-${i + 1}` : '';
    const title = doc.metadata.displayName ?? doc.metadata.name;
    return {
      id: `${doc.metadata.name}${suffix}`,
      displayName: o.displayName ? `${title}: ${o.displayName}` : title,
      description: doc.spec.description,
      service: indicator.service,
      route: indicator.route,
      sli: indicator.sli,
      objective: o.target,
      window,
      budgeting: budgeting[i]!,
      minEvents: DEFAULT_MIN_EVENTS,
      source,
    };
  });
  return { definitions, issues };
}
