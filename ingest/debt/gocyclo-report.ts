import { DebtReportError, type DebtFinding, type ParsedReport } from './debt-report';

// `<complexity> <package> <function> <file:row:col>`; the file may contain spaces, the rest not.
const LINE = /^(\d+)\s+(\S+)\s+(\S+)\s+(.+):(\d+):(\d+)$/;
const MAX_LISTED = 5;

/**
 * gocyclo's text output, all functions (run without `-over` so the share of complex functions
 * has its denominator). The `Average:` line of `-avg` is skipped; any other unreadable line
 * rejects the report, because a snapshot stored without some functions would misstate the share.
 */
export function parseGocyclo(text: string): ParsedReport {
  const findings: DebtFinding[] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || /^Average:\s/.test(line)) return;
    const m = LINE.exec(line);
    if (!m) {
      bad.push(`line ${i + 1}: "${line.slice(0, 80)}"`);
      return;
    }
    const [, complexity, pkg, fn, file, row, col] = m as unknown as [string, string, string, string, string, string, string];
    const fingerprint = `${pkg} ${fn} ${file}`;
    if (seen.has(fingerprint)) return;
    seen.add(fingerprint);
    findings.push({
      fingerprint,
      item: `${pkg}.${fn}`,
      location: `${file}:${row}:${col}`,
      severity: '',
      status: 'open',
      value: Number(complexity),
      fixAvailable: false,
      detail: '',
    });
  });
  if (bad.length > 0) {
    throw new DebtReportError(
      `gocyclo: ${bad.length} line(s) are not "<complexity> <package> <function> <file:row:col>": ${bad.slice(0, MAX_LISTED).join('; ')}${bad.length > MAX_LISTED ? '; ...' : ''}`,
    );
  }
  if (findings.length === 0) throw new DebtReportError('gocyclo: the report lists no functions (run gocyclo without -over so every function is listed)');
  return { source: 'gocyclo', findings };
}
