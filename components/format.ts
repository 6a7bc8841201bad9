const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return int.format(n);
}

/** Requests per second with precision that matters at each magnitude. */
export function formatRate(rps: number): string {
  if (rps === 0) return '0';
  if (rps < 0.01) return rps.toExponential(1);
  if (rps < 10) return rps.toFixed(2);
  if (rps < 1000) return rps.toFixed(1);
  return formatCount(rps);
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '–';
  // Overspent error budgets are negative shares.
  if (ratio < 0) return `−${formatPercent(-ratio)}`;
  if (ratio === 0) return '0%';
  const pct = ratio * 100;
  if (pct < 0.01) return '<0.01%';
  return `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** Percentages where the third decimal matters (an SLI of 99.94 % against a 99.9 % objective). */
export function formatPercentPrecise(ratio: number | null): string {
  if (ratio === null) return '–';
  return `${precise.format(ratio * 100).replace('-', '−')}%`;
}

/** Multiples such as burn rates: 0.93×, 14.4×, 690×. */
export function formatMultiple(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  if (x === 0) return '0×';
  const digits = x < 10 ? 2 : x < 100 ? 1 : 0;
  return `${x.toFixed(digits)}×`;
}

/** Durations from microseconds to hours in one readable unit. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms === 0) return '0';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

const timeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

export function formatTime(ms: number): string {
  return `${timeFmt.format(ms)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
}

export function formatDateTime(ms: number): string {
  return timeFmt.format(ms);
}
