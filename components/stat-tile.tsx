import { DataLink } from './data-link';
import type { ReactNode } from 'react';

/** One headline number; with `href` it links to the raw data behind it. */
export function StatTile({ label, value, sub, href, tone }: { label: string; value: ReactNode; sub?: ReactNode; href?: string; tone?: 'bad' }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className={`tile-value${tone === 'bad' ? ' bad' : ''}`}>{href ? <DataLink href={href}>{value}</DataLink> : value}</div>
      {sub !== undefined && <div className="tile-sub">{sub}</div>}
    </div>
  );
}
