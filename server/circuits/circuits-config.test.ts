import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetDefaults } from './breaker-settings';
import { loadCircuitsConfig, parseCircuitsConfig, settingsFor } from './circuits-config';

const FILE = `# breakers per edge
default:
  preset: hystrix
  sleepWindowMs: 8000
edges:
  - caller: order-svc
    callee: inventory-svc
    breaker:
      preset: resilience4j-time
      slidingWindowSize: 30
      minimumNumberOfCalls: 20
  - caller: payment-svc
    callee: ledger-svc
    breaker: { preset: sentinel, strategy: errorCount, count: 5 }
`;

describe('sightline.circuits.yaml', () => {
  it('gives each listed edge its breaker and every other edge the default', () => {
    const c = parseCircuitsConfig(FILE, 'circuits.yaml');
    expect(settingsFor(c, { caller: 'order-svc', callee: 'inventory-svc' })).toEqual({
      ...presetDefaults('resilience4j-time'),
      slidingWindowSize: 30,
      minimumNumberOfCalls: 20,
    });
    expect(settingsFor(c, { caller: 'payment-svc', callee: 'ledger-svc' })).toMatchObject({ preset: 'sentinel', strategy: 'errorCount', count: 5, minRequestAmount: 5 });
    expect(settingsFor(c, { caller: 'api-gateway', callee: 'user-svc' })).toEqual({ ...presetDefaults('hystrix'), sleepWindowMs: 8000 });
  });

  it('an empty file means Hystrix defaults everywhere', () => {
    expect(parseCircuitsConfig('# nothing yet\n', 'c.yaml').fallback).toEqual(presetDefaults('hystrix'));
  });

  it('names the file, line, column, field and problem', () => {
    const bad = FILE.replace('slidingWindowSize: 30', 'slidingWindowSize: -3').replace('count: 5', 'count: 5, bogus: 1');
    expect(() => parseCircuitsConfig(bad, 'c.yaml')).toThrow(
      'Invalid circuits configuration:\n' +
        '  c.yaml: line 10, column 26: edges.0.breaker.slidingWindowSize: Too small: expected number to be >=1\n' +
        '  c.yaml: line 14, column 14: edges.1.breaker: Unrecognized key: "bogus"',
    );
    expect(() => parseCircuitsConfig('edges:\n  - caller: a\n    callee: b\n    breaker: { preset: polly }\n', 'c.yaml')).toThrow(
      /c\.yaml: line 4, column 24: edges\.0\.breaker\.preset: preset must be hystrix, resilience4j-count, resilience4j-time or sentinel/,
    );
    expect(() => parseCircuitsConfig('edges: [\n', 'c.yaml')).toThrow(/c\.yaml: line \d+, column \d+: invalid YAML/);
  });

  it('refuses an edge listed twice', () => {
    const twice = 'edges:\n  - { caller: a, callee: b, breaker: { preset: hystrix } }\n  - { caller: a, callee: b, breaker: { preset: sentinel } }\n';
    expect(() => parseCircuitsConfig(twice, 'c.yaml')).toThrow('c.yaml: line 3, column 5: edges.1: a → b is listed twice');
  });

  it('the example file in the repository is valid', async () => {
    const example = await loadCircuitsConfig('sightline.circuits.example.yaml', path.resolve(import.meta.dirname, '../..'));
    expect(example.fallback).toEqual(presetDefaults('hystrix'));
    expect(settingsFor(example, { caller: 'payment-svc', callee: 'ledger-svc' })).toMatchObject({ preset: 'sentinel', strategy: 'slowRatio', count: 500 });
  });

  it('a missing default file is fine; a missing named file is an error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-circuits-'));
    try {
      expect((await loadCircuitsConfig(undefined, dir)).file).toBeUndefined();
      await expect(loadCircuitsConfig('nope.yaml', dir)).rejects.toThrow(/nope\.yaml: cannot read the circuits configuration \(ENOENT\)/);
      await writeFile(path.join(dir, 'sightline.circuits.yaml'), FILE);
      expect((await loadCircuitsConfig(undefined, dir)).edges.size).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
