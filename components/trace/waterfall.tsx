'use client';

import { useMemo, useState } from 'react';
import type { RouterOutputs } from '../api-types';
import { formatMs } from '../format';
import { layoutWaterfall } from './waterfall-layout';

export type TraceSpan = RouterOutputs['traces']['get']['spans'][number];

interface Props {
  spans: TraceSpan[];
  durationMs: number;
  colours: Map<string, string>;
  selected: string | undefined;
  onSelect: (spanId: string) => void;
}

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Bars positioned by start offset and duration, indented by depth, coloured by service. */
export function Waterfall({ spans, durationMs, colours, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => layoutWaterfall(spans, collapsed), [spans, collapsed]);
  const total = durationMs > 0 ? durationMs : 1;
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="wf" role="tree" aria-label="Trace waterfall">
      <div className="wf-ruler" aria-hidden>
        <div>Service · operation</div>
        <div className="wf-ticks">
          {TICKS.map((f) => (
            <span key={f} style={{ left: `${f * 100}%` }}>
              {formatMs(total * f)}
            </span>
          ))}
        </div>
      </div>
      {rows.map(({ span, depth, hasChildren, orphan }) => {
        const left = (span.offsetMs / total) * 100;
        const width = Math.max((span.durationMs / total) * 100, 0.15);
        const isError = span.status === 'error';
        // Right of the bar when there is room, else left of it, else on the bar itself.
        const label =
          left + width < 75
            ? { style: { left: `calc(${left + width}% + 4px)` }, inside: false }
            : left > 25
              ? { style: { right: `calc(${100 - left}% + 4px)` }, inside: false }
              : { style: { left: `calc(${left}% + 4px)` }, inside: true };
        return (
          <div
            key={span.spanId}
            className="wf-row"
            role="treeitem"
            aria-level={depth + 1}
            aria-selected={selected === span.spanId}
            aria-expanded={hasChildren ? !collapsed.has(span.spanId) : undefined}
            tabIndex={0}
            onClick={() => onSelect(span.spanId)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(span.spanId);
              }
            }}
          >
            <div className="wf-name" style={{ paddingLeft: depth * 14 }} title={`${span.service} · ${span.name}`}>
              {hasChildren ? (
                <button
                  type="button"
                  className="wf-toggle"
                  aria-label={collapsed.has(span.spanId) ? 'Expand' : 'Collapse'}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(span.spanId);
                  }}
                >
                  {collapsed.has(span.spanId) ? '▸' : '▾'}
                </button>
              ) : (
                <span className="wf-toggle" />
              )}
              <span className="swatch" style={{ background: colours.get(span.service) }} />
              {isError && (
                <span className="wf-err" title="bad call (status error, HTTP ≥ 500 or gRPC failure)">
                  !
                </span>
              )}
              <span className="wf-service">{span.service}</span>
              <span className="wf-op">{span.name}</span>
              {orphan && (
                <span className="tag" title="parent span not in this trace">
                  orphan
                </span>
              )}
            </div>
            <div className="wf-track">
              <div
                className={`wf-bar${isError ? ' err' : ''}`}
                style={{ left: `${left}%`, width: `${width}%`, background: colours.get(span.service) }}
              />
              <span className={`wf-dur${label.inside ? ' inside' : ''}`} style={label.style}>
                {formatMs(span.durationMs)}
              </span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
