import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DebtReportError, isoMs, shortHash, type ParsedReport } from './debt-report';

// Maven Surefire's markers of a test that failed and then passed on a rerun.
const FLAKY_MARKERS = ['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError'] as const;
const MAX_LISTED_TESTS = 20;

type XmlNode = Record<string, unknown>;

function asNodes(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? (v as XmlNode) : {}));
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@_${name}`];
  return v === undefined ? undefined : String(v);
}

interface Counts {
  tests: number;
  failed: string[];
  flaky: string[];
  skipped: number;
  firstTimestamp?: number;
}

function walkSuite(suite: XmlNode, counts: Counts, path: string): void {
  const ts = isoMs(attr(suite, 'timestamp')?.replace(/(T\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/, '$1Z'));
  if (ts !== undefined) counts.firstTimestamp = Math.min(counts.firstTimestamp ?? ts, ts);
  asNodes(suite.testcase).forEach((tc, i) => {
    const name = attr(tc, 'name');
    if (!name) throw new DebtReportError(`junit: ${path}.testcase[${i}] has no name attribute`);
    const full = `${attr(tc, 'classname') ?? attr(suite, 'name') ?? ''}${attr(tc, 'classname') || attr(suite, 'name') ? '.' : ''}${name}`;
    counts.tests++;
    if (tc.failure !== undefined || tc.error !== undefined) counts.failed.push(full);
    else if (FLAKY_MARKERS.some((m) => tc[m] !== undefined) || attr(tc, 'flaky') === 'true') counts.flaky.push(full);
    else if (tc.skipped !== undefined) counts.skipped++;
  });
  asNodes(suite.testsuite).forEach((child, i) => walkSuite(child, counts, `${path}.testsuite[${i}]`));
}

/**
 * A JUnit XML test run (`testsuites` or a single `testsuite`). It is one CI execution: failed when
 * a test failed or errored, flaky when tests passed only on a rerun, otherwise passed. JUnit has
 * no run id, so the body's hash identifies it.
 */
export function parseJunit(text: string): ParsedReport {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new DebtReportError(`junit: invalid XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    processEntities: true,
  });
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (err) {
    // The parser's own limits (nesting depth, entity expansion) refuse hostile documents.
    throw new DebtReportError(`junit: ${(err as Error).message}`);
  }
  const counts: Counts = { tests: 0, failed: [], flaky: [], skipped: 0 };
  let name: string | undefined;
  if (doc.testsuites !== undefined) {
    const root = asNodes(doc.testsuites)[0] ?? {};
    name = attr(root, 'name');
    asNodes(root.testsuite).forEach((s, i) => walkSuite(s, counts, `testsuites.testsuite[${i}]`));
  } else if (doc.testsuite !== undefined) {
    const root = asNodes(doc.testsuite)[0] ?? {};
    name = attr(root, 'name');
    walkSuite(root, counts, 'testsuite');
  } else {
    throw new DebtReportError('junit: the root element must be <testsuites> or <testsuite>');
  }
  if (counts.tests === 0) throw new DebtReportError('junit: the report contains no <testcase>');
  const status = counts.failed.length > 0 ? 'failure' : counts.flaky.length > 0 ? 'flaky' : 'success';
  const id = shortHash('junit', text);
  return {
    reportedAtMs: counts.firstTimestamp,
    reportId: id,
    source: 'junit',
    findings: [
      {
        fingerprint: id,
        item: name ?? 'tests',
        location: '',
        severity: '',
        status,
        value: counts.tests,
        fixAvailable: false,
        detail: JSON.stringify({
          tests: counts.tests,
          skipped: counts.skipped,
          failed: counts.failed.slice(0, MAX_LISTED_TESTS),
          failedCount: counts.failed.length,
          flaky: counts.flaky.slice(0, MAX_LISTED_TESTS),
          flakyCount: counts.flaky.length,
        }),
      },
    ],
  };
}
