import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(3000);
    expect(cfg.SIGHTLINE_INGEST_PORT).toBe(4318);
    expect(cfg.SIGHTLINE_HOST).toBe('127.0.0.1');
    expect(cfg.SIGHTLINE_DATA_DIR).toBe('./data');
    expect(cfg.SIGHTLINE_DEMO).toBe(true);
    expect(cfg.SIGHTLINE_INGEST_TOKENS).toEqual([]);
    expect(cfg.CLICKHOUSE_URL).toBeUndefined();
  });

  it('reads values and splits tokens', () => {
    const cfg = parseConfig({ PORT: '8080', SIGHTLINE_DEMO: 'off', SIGHTLINE_INGEST_TOKENS: 'a, b,,c' });
    expect(cfg.PORT).toBe(8080);
    expect(cfg.SIGHTLINE_DEMO).toBe(false);
    expect(cfg.SIGHTLINE_INGEST_TOKENS).toEqual(['a', 'b', 'c']);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('names every wrong variable and what it expected', () => {
    let message = '';
    try {
      parseConfig({ PORT: 'abc', SIGHTLINE_DEMO: 'maybe', CLICKHOUSE_URL: 'not a url' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT="abc"/);
    expect(message).toMatch(/SIGHTLINE_DEMO="maybe"/);
    expect(message).toMatch(/CLICKHOUSE_URL="not a url"/);
  });

  it('rejects ports out of range', () => {
    expect(() => parseConfig({ SIGHTLINE_INGEST_PORT: '70000' })).toThrow(/SIGHTLINE_INGEST_PORT="70000"/);
  });

  it('refuses a non-loopback bind without ingest tokens', () => {
    expect(() => parseConfig({ SIGHTLINE_HOST: '0.0.0.0' })).toThrow(/SIGHTLINE_INGEST_TOKENS/);
    expect(parseConfig({ SIGHTLINE_HOST: '0.0.0.0', SIGHTLINE_INGEST_TOKENS: 'secret' }).SIGHTLINE_HOST).toBe('0.0.0.0');
  });

  it('validates the CDC webhook secret without printing it', () => {
    const good = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(parseConfig({ SIGHTLINE_CDC_WEBHOOK_SECRET: good }).SIGHTLINE_CDC_WEBHOOK_SECRET).toBe(good);
    const short = `whsec_${Buffer.alloc(8, 7).toString('base64')}`;
    expect(() => parseConfig({ SIGHTLINE_CDC_WEBHOOK_SECRET: short })).toThrow(/SIGHTLINE_CDC_WEBHOOK_SECRET=<redacted>: a secret of 24 to 64 random bytes/);
    expect(() => parseConfig({ SIGHTLINE_CDC_WEBHOOK_SECRET: 'hunter2' })).toThrow(/whsec_ followed by base64/);
  });

  it('accepts only identifier-like database and cluster names', () => {
    expect(() => parseConfig({ CLICKHOUSE_DATABASE: 'x; DROP' })).toThrow(/CLICKHOUSE_DATABASE/);
    expect(parseConfig({ CLICKHOUSE_DATABASE: 'sightline' }).CLICKHOUSE_DATABASE).toBe('sightline');
  });
});
