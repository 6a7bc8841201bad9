import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookVerifier, signWebhook } from './webhook-signature';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = Buffer.from('{"op":"c","after":{"amount":"1.00"}}');
const now = 1_714_565_696_000;
const ts = Math.floor(now / 1000);

function headers(signature: string, timestamp = ts, id = 'msg_2b7f') {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

describe('Standard Webhooks signature', () => {
  const verify = createWebhookVerifier(secret);

  it('accepts what a Standard Webhooks sender signs', () => {
    // The spec's construction, computed independently of signWebhook.
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update(`msg_2b7f.${ts}.${body.toString()}`).digest('base64');
    expect(() => verify(headers(`v1,${mac}`), body, now)).not.toThrow();
    expect(signWebhook(secret, 'msg_2b7f', ts, body)).toBe(`v1,${mac}`);
  });

  it('accepts any matching signature of several (secret rotation)', () => {
    const other = signWebhook(`whsec_${randomBytes(32).toString('base64')}`, 'msg_2b7f', ts, body);
    expect(() => verify(headers(`${other} ${signWebhook(secret, 'msg_2b7f', ts, body)}`), body, now)).not.toThrow();
  });

  it('rejects a wrong secret, a modified body and a changed id', () => {
    const wrong = signWebhook(`whsec_${randomBytes(32).toString('base64')}`, 'msg_2b7f', ts, body);
    expect(() => verify(headers(wrong), body, now)).toThrow(/does not match/);
    expect(() => verify(headers(signWebhook(secret, 'msg_2b7f', ts, body)), Buffer.from('{"op":"d"}'), now)).toThrow(/does not match/);
    expect(() => verify(headers(signWebhook(secret, 'msg_2b7f', ts, body), ts, 'msg_other'), body, now)).toThrow(/does not match/);
    expect(() => verify(headers('v2,abc'), body, now)).toThrow(/does not match/);
  });

  it('rejects stale, future and malformed timestamps', () => {
    const stale = ts - 301;
    expect(() => verify(headers(signWebhook(secret, 'msg_2b7f', stale, body), stale), body, now)).toThrow(/stale or replayed/);
    const future = ts + 301;
    expect(() => verify(headers(signWebhook(secret, 'msg_2b7f', future, body), future), body, now)).toThrow(/stale or replayed/);
    const edge = ts - 299;
    expect(() => verify(headers(signWebhook(secret, 'msg_2b7f', edge, body), edge), body, now)).not.toThrow();
    expect(() => verify({ ...headers('v1,x'), 'webhook-timestamp': '2024-05-01' }, body, now)).toThrow(/not Unix seconds/);
  });

  it('answers 401 when headers are missing', () => {
    try {
      verify({}, body, now);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ status: 401, message: expect.stringMatching(/webhook-id, webhook-timestamp or webhook-signature/) });
    }
  });
});
