export const TIME_PRESETS = [
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-7d', label: 'Last 7 days' },
] as const;

const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 };

/**
 * Epoch ms for a URL time value, for display and for pre-filling the custom range; the server
 * does the authoritative parsing and answers with a clear error for anything odd.
 */
export function instantMs(value: string, nowMs: number): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const rel = /^now(?:-(\d+)([smhdw]))?$/.exec(value);
  if (rel) return rel[1] && rel[2] ? nowMs - Number(rel[1]) * (UNIT_MS[rel[2]] ?? 0) : nowMs;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

export function describeRange(from: string, to: string): string {
  if (to === 'now') {
    const preset = TIME_PRESETS.find((p) => p.from === from);
    if (preset) return preset.label;
    const rel = /^now-(\d+)([smhdw])$/.exec(from);
    if (rel) return `Last ${rel[1]}${rel[2]}`;
  }
  const now = Date.now();
  const f = instantMs(from, now);
  const t = instantMs(to, now);
  if (f === undefined || t === undefined) return `${from} → ${to}`;
  return `${dateTime.format(f)} → ${to === 'now' ? 'now' : dateTime.format(t)}`;
}

/** `YYYY-MM-DDTHH:mm` in local time, the value format of <input type="datetime-local">. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
