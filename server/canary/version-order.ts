/**
 * Orders version strings the way release numbering means them: numeric parts as numbers
 * (2.10 after 2.9), and a pre-release (2.4.0-rc.1) before its release (2.4.0) but after 2.3.x.
 * Negative when a is older than b.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = splitPre(a);
  const [coreB = '', preB] = splitPre(b);
  const core = compareParts(coreA, coreB);
  if (core !== 0) return core;
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  return compareParts(preA, preB);
}

function splitPre(v: string): [string, string | undefined] {
  const clean = v.trim().replace(/^v(?=\d)/i, '').split('+')[0] ?? '';
  const dash = clean.indexOf('-');
  return dash < 0 ? [clean, undefined] : [clean.slice(0, dash), clean.slice(dash + 1)];
}

function compareParts(a: string, b: string): number {
  const pa = a.split(/[.\-_]/);
  const pb = b.split(/[.\-_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null) {
      if (nx !== ny) return nx - ny;
    } else if (nx !== null || ny !== null) {
      return nx !== null ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
