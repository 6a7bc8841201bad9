import type { CanaryMetric, MetricId } from './compare-metrics';
import type { CanarySettings } from './canary-settings';
import type { SignatureCount } from './error-signature';
import { formatP, pct, points, scoreText, times } from './figures';

export type Verdict = 'promote' | 'hold' | 'rollback' | 'inconclusive';

export interface VerdictResult {
  verdict: Verdict;
  /** 0–100; null when inconclusive or nothing could be scored. */
  score: number | null;
  /** One sentence a person can act on. */
  reason: string;
}

/**
 * Passing weight over the weight of metrics with data, × 100; a failing critical metric makes
 * it 0 (SPEC §5.3).
 */
export function canaryScore(metrics: readonly CanaryMetric[]): number | null {
  const scored = metrics.filter((m) => m.classification !== 'NoData');
  if (scored.some((m) => m.critical && m.failed)) return 0;
  const total = scored.reduce((s, m) => s + m.weight, 0);
  if (total === 0) return null;
  return (100 * scored.filter((m) => !m.failed).reduce((s, m) => s + m.weight, 0)) / total;
}

/**
 * SPEC §5.3: inconclusive when either side has too few requests; rollback when the score is below
 * the rollback bound, the p90 ratio is past its limit or error-signature novelty is too high;
 * promote when the score and the p90 ratio are within bounds and the error-rate increase is not
 * significantly above its bound; hold otherwise.
 */
export function canaryVerdict(
  metrics: readonly CanaryMetric[],
  sides: { canaryRequests: number; baselineRequests: number; novelSignatures: readonly SignatureCount[] },
  settings: CanarySettings,
): VerdictResult {
  const requests = { canary: sides.canaryRequests, baseline: sides.baselineRequests };
  const min = settings.minRequests;
  if (requests.canary < min || requests.baseline < min) {
    const short = [requests.canary < min ? `canary ${requests.canary}` : null, requests.baseline < min ? `baseline ${requests.baseline}` : null].filter(Boolean);
    return { verdict: 'inconclusive', score: null, reason: `Too little traffic to judge: ${short.join(', ')} requests, at least ${min} needed on each side.` };
  }
  const get = (id: MetricId) => metrics.find((m) => m.id === id);
  const score = canaryScore(metrics);
  const p90 = get('latencyP90')?.comparison?.value ?? null;
  const errorRate = get('errorRate');
  const errorDiff = errorRate?.comparison?.value ?? null;
  const novelty = get('errorNovelty')?.canary ?? null;
  const { promote, rollback } = settings.verdict;

  const rollbackReasons: string[] = [];
  const failedCritical = metrics.filter((m) => m.critical && m.failed);
  for (const m of failedCritical) {
    rollbackReasons.push(
      m.id === 'errorRate' && m.canary !== null && m.baseline !== null
        ? `the error rate is ${pct(m.canary)} against ${pct(m.baseline)} (${points(m.canary - m.baseline)}, p ${formatP(m.pValue)}), a critical failure`
        : `${m.label.toLowerCase()} failed, a critical metric`,
    );
  }
  if (score !== null && score < rollback.belowScore && failedCritical.length === 0) {
    rollbackReasons.push(`the score ${scoreText(score)} is below ${rollback.belowScore} (${failedNames(metrics)} failed)`);
  }
  if (p90 !== null && p90 > rollback.maxP90Ratio) rollbackReasons.push(`p90 latency is ${times(p90)} the baseline's, over ${times(rollback.maxP90Ratio)}`);
  if (novelty !== null && novelty >= rollback.minNovelty) {
    const top = sides.novelSignatures[0]?.signature;
    rollbackReasons.push(`${pct(novelty)} of canary errors have signatures the baseline never shows${top ? ` (most often ${top})` : ''}, at least ${pct(rollback.minNovelty)}`);
  }
  if (rollbackReasons.length > 0) return { verdict: 'rollback', score, reason: sentence('Roll back', rollbackReasons) };

  const holdReasons: string[] = [];
  if (score === null || score < promote.minScore) holdReasons.push(score === null ? 'no metric could be scored' : `the score ${scoreText(score)} is below ${promote.minScore} (${failedNames(metrics)} failed)`);
  if (p90 === null) holdReasons.push('p90 latency could not be compared');
  else if (p90 > promote.maxP90Ratio) holdReasons.push(`p90 latency is ${times(p90)} the baseline's, over ${times(promote.maxP90Ratio)}`);
  // A canary serves a tenth of the traffic, so its error rate carries binomial noise of several
  // tenths of a point: the rise must be shown to exceed the bound (the interval's lower end above
  // it), not merely estimated above it, or every canary of a noisy service would be held.
  const errorLow = errorRate?.ci?.low ?? null;
  if (errorDiff === null || errorLow === null) holdReasons.push('error rates could not be compared');
  else if (errorLow > promote.maxErrorRateIncrease) {
    holdReasons.push(`the error rate rose ${points(errorDiff)}, at least ${points(errorLow)} at ${pct(settings.confidence)} confidence, over ${points(promote.maxErrorRateIncrease)}`);
  }
  if (holdReasons.length > 0) return { verdict: 'hold', score, reason: sentence('Hold', holdReasons) };

  return {
    verdict: 'promote',
    score,
    reason: `Promote: score ${scoreText(score ?? 0)}, p90 latency ${times(p90 ?? 1)} the baseline's and error rate ${points(errorDiff ?? 0)} (not shown to exceed ${points(promote.maxErrorRateIncrease)}), all within bounds.`,
  };
}

function failedNames(metrics: readonly CanaryMetric[]): string {
  const failed = metrics.filter((m) => m.failed).map((m) => m.label.toLowerCase());
  return failed.length > 0 ? failed.join(', ') : 'nothing';
}

function sentence(action: string, reasons: string[]): string {
  return `${action}: ${reasons.join('; ')}.`;
}
