/** How the canary's explanations write numbers: trailing zeros dropped, units spelled out. */

export const pct = (v: number, digits = 2): string => `${Number((v * 100).toFixed(digits))} %`;

/** A signed difference of rates in percentage points. */
export const points = (v: number): string => `${v >= 0 ? '+' : ''}${Number((v * 100).toFixed(2))} pp`;

export const times = (v: number): string => `${v.toFixed(2)}×`;

/** Rounded down, so a score just under a bound never reads as the bound itself. */
export const scoreText = (v: number): string => String(Math.floor(v * 10) / 10);

export function formatP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}
