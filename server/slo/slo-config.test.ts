import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSloConfig, parseSloConfig, SloConfigError } from './slo-config';

const VALID = `# Two SLOs in OpenSLO v1 form
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
  displayName: Checkout latency
spec:
  description: Orders are placed fast enough
  service: order-svc
  indicator:
    metadata:
      name: checkout-latency
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Sightline
            spec:
              sli: latency
              thresholdMs: 1000
              route: POST /api/orders
        total:
          metricSource:
            type: Sightline
            spec:
              route: POST /api/orders
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: "2024-01-01 00:00:00"
        timeZone: Asia/Shanghai
  budgetingMethod: Occurrences
  objectives:
    - target: 0.995
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: payment-minutes
spec:
  service: payment-svc
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Sightline
            spec:
              sli: availability
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: Timeslices
  objectives:
    - displayName: internal
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
    - displayName: SLA
      target: 0.95
      timeSliceTarget: 0.9
---
`;

describe('sightline.slo.yaml', () => {
  it('reads every SLO document, with the indicator, window and budgeting method', () => {
    const { definitions } = parseSloConfig(VALID, '/etc/sightline.slo.yaml');
    expect(definitions.map((d) => d.id)).toEqual(['checkout-latency', 'payment-minutes-1', 'payment-minutes-2']);
    const [latency, internal, sla] = definitions;
    expect(latency).toMatchObject({
      displayName: 'Checkout latency',
      description: 'Orders are placed fast enough',
      service: 'order-svc',
      route: 'POST /api/orders',
      sli: { kind: 'latency', thresholdMs: 1000 },
      objective: 0.995,
      budgeting: { method: 'Occurrences' },
      minEvents: 100,
      window: {
        kind: 'calendar',
        duration: { count: 1, unit: 'M' },
        anchor: { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
        timeZone: 'Asia/Shanghai',
      },
      source: { kind: 'file', file: '/etc/sightline.slo.yaml', line: 2 },
    });
    expect(internal).toMatchObject({
      displayName: 'payment-minutes: internal',
      service: 'payment-svc',
      route: undefined,
      sli: { kind: 'availability' },
      objective: 0.99,
      window: { kind: 'rolling', duration: { count: 7, unit: 'd' } },
      budgeting: { method: 'Timeslices', sliceTarget: 0.95 },
    });
    expect(sla).toMatchObject({ objective: 0.95, budgeting: { method: 'Timeslices', sliceTarget: 0.9 } });
  });

  it('an empty file or one of comments defines no SLOs', () => {
    expect(parseSloConfig('', 'x.yaml').definitions).toEqual([]);
    expect(parseSloConfig('# nothing yet\n---\n', 'x.yaml').definitions).toEqual([]);
  });

  function problems(text: string): string {
    try {
      parseSloConfig(text, '/srv/sightline.slo.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(SloConfigError);
      return (err as Error).message;
    }
    throw new Error('expected the file to be rejected');
  }

  it('a bad value is reported with the file, line, column, field and problem', () => {
    const text = VALID.replace('    - target: 0.995', '    - target: 1.5');
    expect(problems(text)).toBe(
      'Invalid SLO configuration:\n  /srv/sightline.slo.yaml: line 36, column 15: spec.objectives.0.target: must be a share below 1, such as 0.995 for 99.5 % (a target of 1 leaves no error budget)',
    );
  });

  it('errors in the second document point into the second document', () => {
    const text = VALID.replace('timeZone: Asia/Shanghai', 'timeZone: Mars/Olympus').replace('thresholdMs: 1000', 'thresholdMs: 250').replace('duration: 7d', 'duration: 2h');
    const msg = problems(text);
    expect(msg).toContain('/srv/sightline.slo.yaml: line 33, column 19: spec.timeWindow.0.calendar.timeZone: an IANA time zone such as Asia/Shanghai or UTC');
    expect(msg).toContain('/srv/sightline.slo.yaml: line 53, column 17: spec.timeWindow.0.duration: rolling windows from 1d to 92d are supported');
    expect(msg).not.toContain('thresholdMs'); // the first document already failed its schema
  });

  it('names unknown and unsupported fields', () => {
    const text = VALID.replace('  budgetingMethod: Occurrences\n', '  budgetingMethod: Occurrences\n  alertPolicies: [pager]\n');
    expect(problems(text)).toContain('/srv/sightline.slo.yaml: line 8, column 3: spec: Unrecognized key: "alertPolicies"');
  });

  it('latency thresholds are those the rollup counts', () => {
    const msg = problems(VALID.replace('thresholdMs: 1000', 'thresholdMs: 250'));
    expect(msg).toContain('line 21, column 28: spec.indicator.spec.ratioMetric.good.metricSource.spec.thresholdMs: a latency SLI needs thresholdMs 100, 300, 1000');
  });

  it('YAML syntax errors carry their line', () => {
    expect(problems('apiVersion: openslo/v1\nkind: [SLO\n')).toMatch(/^Invalid SLO configuration:\n {2}\/srv\/sightline\.slo\.yaml: line 3, column 1: invalid YAML: /);
  });

  it('duplicate ids point at the second definition', () => {
    const doc = VALID.split('---\n')[1]!;
    expect(problems(`${doc}---\n${doc}`)).toContain('/srv/sightline.slo.yaml: line 31, column 9: metadata.name: SLO id "payment-minutes-1" is already defined at line 4, column 9');
  });

  it('other OpenSLO kinds and versions are refused by name', () => {
    const msg = problems('apiVersion: openslo/v1alpha\nkind: Service\nmetadata:\n  name: web\nspec: {}\n');
    expect(msg).toContain('line 1, column 13: apiVersion: must be openslo/v1');
    expect(msg).toContain('line 2, column 7: kind: only kind: SLO is read from this file');
  });

  it('Timeslices needs a slice target', () => {
    expect(problems(VALID.replace('      timeSliceTarget: 0.95\n', ''))).toContain(
      'line 57, column 7: spec.objectives.0: budgetingMethod: Timeslices needs timeSliceTarget',
    );
  });
});

describe('loading the file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-slo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses ./sightline.slo.yaml when present and nothing when absent', async () => {
    expect(await loadSloConfig(undefined, dir)).toEqual({ definitions: [] });
    await writeFile(path.join(dir, 'sightline.slo.yaml'), VALID);
    const cfg = await loadSloConfig(undefined, dir);
    expect(cfg.file).toBe(path.join(dir, 'sightline.slo.yaml'));
    expect(cfg.definitions).toHaveLength(3);
  });

  it('the example in the repository is valid', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const { definitions } = await loadSloConfig('sightline.slo.example.yaml', root);
    expect(definitions.map((d) => [d.id, d.budgeting.method, d.window.kind])).toEqual([
      ['checkout-availability', 'Occurrences', 'calendar'],
      ['order-latency-minutes', 'Timeslices', 'rolling'],
      ['order-svc-availability', 'Occurrences', 'rolling'],
    ]);
  });

  it('a path given in SIGHTLINE_SLO_CONFIG must exist', async () => {
    await expect(loadSloConfig('missing.yaml', dir)).rejects.toThrow(`${path.join(dir, 'missing.yaml')}: cannot read the SLO configuration (ENOENT)`);
  });
});
