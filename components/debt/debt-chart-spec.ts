import type { TimeSeriesSpec } from '../chart-spec';
import type { DebtTrend } from './debt-format';

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The index per day against the governance line and, with a target, the burn-down line to it. */
export function debtTrendSpec(trend: DebtTrend, label: string): TimeSeriesSpec {
  const days = trend.days;
  const ideal = trend.target?.ideal ?? [];
  const xMin = dayMs(days[0]?.day ?? ideal[0]?.day ?? '1970-01-01');
  const lastDay = [days.at(-1)?.day, ideal.at(-1)?.day].filter((d): d is string => d !== undefined).sort().at(-1);
  const xMax = lastDay ? dayMs(lastDay) : xMin + 86_400_000;
  const series: TimeSeriesSpec['series'] = [
    { name: label, points: days.map((d) => [dayMs(d.day), d.index]), area: true },
    { name: `governance line (${trend.threshold})`, points: [[xMin, trend.threshold], [xMax, trend.threshold]], dashed: true },
  ];
  if (trend.target) {
    series.push({ name: `target ${trend.target.index} by ${trend.target.deadline}`, points: ideal.map((p) => [dayMs(p.day), p.value]), dashed: true });
  }
  return { kind: 'time-series', unit: 'score', xMin, xMax, yMin: 0, series };
}
