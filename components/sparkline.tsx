/**
 * An SVG sparkline: a table of services needs dozens of these, and a chart library instance each
 * would cost far more than the shape is worth.
 */
export function Sparkline({ values, width = 120, height = 24, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length < 2) return <svg className="spark" width={width} height={height} role="img" aria-label={label} />;
  const max = Math.max(...values) || 1;
  const step = width / (values.length - 1);
  const y = (v: number) => (height - 2 - (v / max) * (height - 4)).toFixed(1);
  const line = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(v)}`).join('');
  return (
    <svg className="spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <path className="area" d={`${line}L${width},${height}L0,${height}Z`} />
      <path d={line} />
    </svg>
  );
}
