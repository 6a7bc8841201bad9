import type { RouterOutputs } from '../api-types';
import { formatBytes, formatDateTime } from '../format';

type WalStatus = NonNullable<RouterOutputs['system']['overview']['wal']>;

/** The Postgres logical-replication source: where the slot stands and how far behind it is. */
export function WalPanel({ wal }: { wal: WalStatus | null }) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Postgres WAL source</h2>
        <span className="hint">{wal ? `slot ${wal.slot} · publication ${wal.publication}` : 'off'}</span>
      </div>
      {wal ? (
        <table className="data">
          <caption className="sr-only">WAL replication slot position</caption>
          <tbody>
            <tr>
              <th scope="row">Stream</th>
              <td className={wal.connected ? undefined : 'bad'}>{wal.connected ? 'connected' : 'disconnected, retrying'}</td>
            </tr>
            <tr>
              <th scope="row">Lag</th>
              <td className="num">{wal.lagBytes === null ? '…' : `${formatBytes(Number(wal.lagBytes))} (${wal.lagBytes} bytes)`}</td>
            </tr>
            <tr>
              <th scope="row">Confirmed LSN</th>
              <td className="mono">
                {wal.confirmedLsn ?? '—'}
                {wal.confirmedAt && <span className="muted"> · {formatDateTime(Date.parse(wal.confirmedAt))}</span>}
              </td>
            </tr>
            <tr>
              <th scope="row">Received LSN</th>
              <td className="mono">{wal.receivedLsn ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">Server LSN</th>
              <td className="mono">{wal.serverLsn ?? '—'}</td>
            </tr>
            {wal.lastError && (
              <tr>
                <th scope="row">Last error</th>
                <td className="bad">
                  {wal.lastError}
                  {wal.lastErrorAt && <span className="muted"> · {formatDateTime(Date.parse(wal.lastErrorAt))}</span>}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      ) : (
        <div className="state">Not reading a WAL: set SIGHTLINE_PG_URL to stream the payment database&apos;s changes from Postgres.</div>
      )}
    </section>
  );
}
