import { DataLink } from '../data-link';
import { formatMs, formatTime } from '../format';
import { traceHref, tracesHref } from '../trace-links';
import type { TraceSpan } from './waterfall';

function KeyValues({ values }: { values: Record<string, string> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">none</p>;
  return (
    <table className="kv">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everything stored about one span. Values render as text, so hostile attribute data stays inert. */
export function SpanDetails({ span, range }: { span: TraceSpan; range: { from: string; to: string } }) {
  const summary: Record<string, string> = {
    service: span.service,
    operation: span.name,
    kind: span.kind,
    'span id': span.spanId,
    'parent span id': span.parentSpanId || '(root)',
    start: `${formatTime(span.timestamp)} (+${formatMs(span.offsetMs)})`,
    'start (ns)': span.timestampNs,
    duration: formatMs(span.durationMs),
    status: `${span.statusCode}${span.status === 'error' ? ' — counted as a bad call' : ''}`,
  };
  if (span.statusMessage) summary['status message'] = span.statusMessage;
  if (span.httpStatus !== null) summary['HTTP status'] = String(span.httpStatus);
  if (span.grpcCode !== null) summary['gRPC code'] = String(span.grpcCode);
  if (span.scopeName) summary.scope = `${span.scopeName} ${span.scopeVersion}`.trim();
  if (span.traceState) summary['trace state'] = span.traceState;

  return (
    <div className="panel details">
      <div className="panel-head">
        <h2>Span</h2>
        <DataLink className="hint" href={tracesHref({ ...range, service: span.service, operation: span.name })}>
          similar spans →
        </DataLink>
      </div>
      <div className="panel-body">
        <KeyValues values={summary} />
        <h3>Attributes</h3>
        <KeyValues values={span.attributes} />
        <h3>Resource</h3>
        <KeyValues values={span.resource} />
        <h3>Events ({span.events.length})</h3>
        {span.events.length === 0 && <p className="muted">none</p>}
        {span.events.map((e, i) => (
          <div key={`${e.timestampNs}-${i}`}>
            <p>
              <strong>{e.name}</strong> <span className="muted">+{formatMs(e.offsetMs)}</span>
            </p>
            <KeyValues values={e.attributes} />
          </div>
        ))}
        {span.links.length > 0 && (
          <>
            <h3>Links ({span.links.length})</h3>
            {span.links.map((l) => (
              <div key={`${l.traceId}-${l.spanId}`}>
                <p className="mono">
                  <DataLink href={traceHref(l.traceId, { spanId: l.spanId })}>{l.traceId}</DataLink> / {l.spanId}
                </p>
                <KeyValues values={l.attributes} />
              </div>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
