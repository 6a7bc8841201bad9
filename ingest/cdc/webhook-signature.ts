import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from '../http-error';

const TOLERANCE_SECONDS = 5 * 60;

/** The HMAC key of a Standard Webhooks secret ("whsec_" + base64 of 24–64 random bytes). */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`, as a sender computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: Uint8Array): string {
  const mac = createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * Verifies a Standard Webhooks signature (what Debezium Server's HTTP sink sends with
 * `authentication.type=standard-webhooks`): the HMAC over id, timestamp and the exact body bytes,
 * a timestamp within 5 minutes (so a captured request cannot be replayed later), compared in
 * constant time. Throws a 401 HttpError saying what is wrong.
 */
export function createWebhookVerifier(secret: string, toleranceSeconds = TOLERANCE_SECONDS) {
  const key = webhookKey(secret);
  return (headers: IncomingHttpHeaders, body: Uint8Array, nowMs = Date.now()): void => {
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !timestamp || !signatures) {
      throw new HttpError(401, 'missing webhook-id, webhook-timestamp or webhook-signature header: SIGHTLINE_CDC_WEBHOOK_SECRET is set, so /v1/cdc requests must be signed (Standard Webhooks)');
    }
    if (!/^\d{1,12}$/.test(timestamp)) throw new HttpError(401, `webhook-timestamp "${timestamp.slice(0, 20)}" is not Unix seconds`);
    const skew = Math.abs(nowMs / 1000 - Number(timestamp));
    if (skew > toleranceSeconds) {
      throw new HttpError(401, `webhook-timestamp is ${Math.round(skew)} s away from the server clock (allowed: ${toleranceSeconds} s): stale or replayed request`);
    }
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
    let valid = false;
    // The header may list several space-separated signatures (secret rotation); any v1 match counts.
    for (const candidate of signatures.split(' ')) {
      const [version, mac] = candidate.split(',', 2);
      if (version !== 'v1' || !mac) continue;
      const given = Buffer.from(mac, 'base64');
      if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
    }
    if (!valid) throw new HttpError(401, 'webhook-signature does not match the body (wrong secret, or the body was modified)');
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;
