import type { ClickHouseClient } from '@clickhouse/client';
import type { DebtKind, ParsedReport } from './debt-report';

export interface DebtSignalRow {
  Service: string;
  Kind: DebtKind;
  ReportId: string;
  Fingerprint: string;
  ReportedAt: string;
  Item: string;
  Location: string;
  Severity: string;
  Status: string;
  Value: number;
  FixAvailable: 0 | 1;
  Detail: string;
}

export interface DebtReportRow {
  Service: string;
  Kind: DebtKind;
  ReportId: string;
  ReportedAt: string;
  Items: number;
  Source: string;
}

export type DebtRecord = { signal: DebtSignalRow } | { report: DebtReportRow };

/** `YYYY-MM-DD hh:mm:ss.sss` in UTC, what a DateTime64(3) column takes in JSONEachRow. */
export function clickhouseTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** A report's findings, then its report row: the writer stores them in that order. */
export function debtRecords(kind: DebtKind, service: string, reportId: string, reportedAtMs: number, report: ParsedReport): DebtRecord[] {
  const ReportedAt = clickhouseTime(reportedAtMs);
  const signals: DebtRecord[] = report.findings.map((f) => ({
    signal: {
      Service: service,
      Kind: kind,
      ReportId: reportId,
      Fingerprint: f.fingerprint,
      ReportedAt,
      Item: f.item,
      Location: f.location,
      Severity: f.severity,
      Status: f.status,
      Value: f.value,
      FixAvailable: f.fixAvailable ? 1 : 0,
      Detail: f.detail,
    },
  }));
  return [...signals, { report: { Service: service, Kind: kind, ReportId: reportId, ReportedAt, Items: report.findings.length, Source: report.source } }];
}

/**
 * Inserts findings before report rows, so a report is never visible as the latest one while
 * some of its findings are still missing.
 */
export function createDebtWriter(client: ClickHouseClient) {
  return async (records: DebtRecord[]): Promise<void> => {
    const signals = records.flatMap((r) => ('signal' in r ? [r.signal] : []));
    const reports = records.flatMap((r) => ('report' in r ? [r.report] : []));
    if (signals.length > 0) await client.insert({ table: 'debt_signals', values: signals, format: 'JSONEachRow' });
    if (reports.length > 0) await client.insert({ table: 'debt_reports', values: reports, format: 'JSONEachRow' });
  };
}
