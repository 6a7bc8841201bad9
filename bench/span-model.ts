/**
 * The synthetic platform both the exporters and the store generator describe, so ingest and
 * query figures are about the same kind of spans: a gateway calling backend services, each
 * with a database client span, spread over regions/AZs with a canary version.
 */
export const SERVICES = ['api-gateway', 'group-buy', 'order', 'payment', 'inventory', 'user', 'notification', 'ledger'] as const;
export const BACKENDS = SERVICES.slice(1);

export const ROUTES = ['/api/groups/:id/join', '/api/orders', '/api/orders/:id', '/api/pay', '/api/cart', '/api/me'] as const;

export const ZONES = [
  { region: 'ap-southeast-1', az: 'ap-southeast-1a' },
  { region: 'ap-southeast-1', az: 'ap-southeast-1b' },
  { region: 'cn-hongkong', az: 'cn-hongkong-b' },
  { region: 'us-west-2', az: 'us-west-2a' },
] as const;

export const STABLE_VERSION = '1.42.0';
export const CANARY_VERSION = '1.43.0';

/** Spans per synthetic trace: gateway SERVER + per backend call a CLIENT, the backend SERVER and its DB CLIENT. */
export const BACKEND_CALLS_PER_TRACE = 3;
export const SPANS_PER_TRACE = 1 + BACKEND_CALLS_PER_TRACE * 3;

/** Spans per export request: the BatchSpanProcessor's default maxExportBatchSize (rounded up to whole traces). */
export const EXPORT_BATCH_SPANS = 512;

/** One in this many calls fails with HTTP 500 / gRPC UNAVAILABLE. */
export const ERROR_EVERY = 97;
