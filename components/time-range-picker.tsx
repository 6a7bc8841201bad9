'use client';

import { useRef, useState, type FormEvent } from 'react';
import { describeRange, instantMs, TIME_PRESETS, toLocalInput } from './time-presets';
import { useTimeRange, useUpdateParams } from './url-state';

/** Presets and a custom absolute range; the choice lives in the URL so links are shareable. */
export function TimeRangePicker() {
  const { from, to } = useTimeRange();
  const update = useUpdateParams();
  const details = useRef<HTMLDetailsElement>(null);
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (details.current) details.current.open = false;
  };

  const onToggle = () => {
    if (!details.current?.open) return;
    const now = Date.now();
    setCustom({ from: toLocalInput(instantMs(from, now) ?? now - 3_600_000), to: toLocalInput(instantMs(to, now) ?? now) });
    setError(null);
  };

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    if (!custom) return;
    const f = new Date(custom.from).getTime();
    const t = new Date(custom.to).getTime();
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError('Enter both dates.');
    if (f >= t) return setError('"From" must be before "to".');
    update({ from: String(f), to: String(t) });
    close();
  };

  return (
    <details className="picker" ref={details} onToggle={onToggle}>
      <summary className="btn" aria-label="Time range">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden>
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        {describeRange(from, to)}
      </summary>
      <div className="picker-menu">
        <div className="picker-presets">
          {TIME_PRESETS.map((p) => (
            <button
              key={p.from}
              type="button"
              aria-current={p.from === from && to === 'now'}
              onClick={() => {
                update({ from: p.from, to: 'now' });
                close();
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
        <form className="picker-custom" onSubmit={applyCustom}>
          <label className="field">
            From
            <input type="datetime-local" value={custom?.from ?? ''} onChange={(e) => setCustom((c) => c && { ...c, from: e.target.value })} />
          </label>
          <label className="field">
            To
            <input type="datetime-local" value={custom?.to ?? ''} onChange={(e) => setCustom((c) => c && { ...c, to: e.target.value })} />
          </label>
          {error && <div className="picker-error" role="alert">{error}</div>}
          <button className="btn btn-primary" type="submit">Apply absolute range</button>
        </form>
      </div>
    </details>
  );
}
