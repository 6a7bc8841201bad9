/** Reads Sightline's own counters from the Prometheus text its ingest port serves on /metrics. */
export class SightlineMetrics {
  private constructor(private readonly text: string) {}

  static async fetch(ingestUrl: string): Promise<SightlineMetrics> {
    const res = await fetch(`${ingestUrl}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
    return new SightlineMetrics(await res.text());
  }

  /** The sample of `metric` whose labels are exactly `labels` (in exposition order); 0 when absent. */
  value(metric: string, labels: Record<string, string>): number {
    const wanted = Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    for (const line of this.text.split('\n')) {
      if (line.startsWith(`${metric}{${wanted}} `)) return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return 0;
  }

  /** otel_traces inserts so far: how many, their mean size and mean duration. */
  inserts(): { count: number; meanRows: number; meanMs: number } {
    const table = { table: 'otel_traces' };
    const count = this.value('sightline_ingest_batch_rows_count', table);
    return {
      count,
      meanRows: count ? Math.round(this.value('sightline_ingest_batch_rows_sum', table) / count) : 0,
      meanMs: count ? Math.round((this.value('sightline_ingest_insert_seconds_sum', table) / this.value('sightline_ingest_insert_seconds_count', table)) * 1000) : 0,
    };
  }

  /** POST /v1/traces requests answered with this status so far. */
  tracesAnswered(status: number): number {
    return this.value('sightline_ingest_requests_total', { endpoint: '/v1/traces', status: String(status) });
  }

  queuedRows(): number {
    return this.value('sightline_ingest_queue_rows', { table: 'otel_traces' });
  }
}
