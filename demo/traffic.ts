import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type HrTime,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import {
  AFFINITY_IGNORED,
  AZ_AFFINITY,
  DB_SYSTEM,
  OBSERVABILITY_DEBT,
  ROUTES,
  RPCS,
  instance,
  regionDef,
  type Instance,
  type Role,
  type RpcDef,
  type ScopeKey,
  type ServiceName,
} from './platform';
import type { RequestPlan } from './plan';
import { Rng, logNormalAt, type SeededIdGenerator } from './random';
import {
  INVENTORY_EPISODE,
  RESERVE_DEADLINE_MS,
  episodeActive,
  episodeIntensity,
  episodeTimeoutRatio,
} from './scenario';

/**
 * One simulated request → its spans, through the real SDK. Timing is explicit (µs, converted
 * to HrTime) and every decision draws from the request's own stream, so a request is the same
 * whenever and however often it is generated.
 */

export interface TracerSource {
  tracer(inst: Instance, scope: ScopeKey): Tracer;
}

export const GRPC = {
  OK: 0,
  UNKNOWN: 2,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const CODE_NAME: Readonly<Record<number, [upper: string, camel: string]>> = {
  2: ['UNKNOWN', 'Unknown'],
  4: ['DEADLINE_EXCEEDED', 'DeadlineExceeded'],
  5: ['NOT_FOUND', 'NotFound'],
  8: ['RESOURCE_EXHAUSTED', 'ResourceExhausted'],
  9: ['FAILED_PRECONDITION', 'FailedPrecondition'],
  10: ['ABORTED', 'Aborted'],
  13: ['INTERNAL', 'Internal'],
  14: ['UNAVAILABLE', 'Unavailable'],
  16: ['UNAUTHENTICATED', 'Unauthenticated'],
};

/** Codes that make a call bad (SPEC §4); others (NOT_FOUND, UNAUTHENTICATED) are the caller's problem. */
const BAD_CODES: ReadonlySet<number> = new Set([2, 4, 8, 13, 14]);

interface Fault {
  code: number;
  errorType: string;
  excType: string;
  message: string;
  /** Overrides the gRPC-code rule, for HTTP spans whose badness is the status code. */
  bad?: boolean;
}

interface Outcome {
  endUs: number;
  fault?: Fault;
}

function fault(code: number, errorType: string, excType: string, message: string): Fault {
  return { code, errorType, excType, message };
}

/** What the caller's gRPC client sees when the callee failed. */
function clientFault(code: number, desc: string): Fault {
  const [upper, camel] = CODE_NAME[code] ?? ['UNKNOWN', 'Unknown'];
  return fault(code, upper, '*status.Error', `rpc error: code = ${camel} desc = ${desc}`);
}

function httpStatusFor(code: number): number {
  switch (code) {
    case GRPC.OK:
      return 200;
    case GRPC.DEADLINE_EXCEEDED:
      return 504;
    case GRPC.UNAVAILABLE:
      return 503;
    case GRPC.RESOURCE_EXHAUSTED:
      return 429;
    case GRPC.NOT_FOUND:
      return 404;
    case GRPC.UNAUTHENTICATED:
      return 401;
    case GRPC.FAILED_PRECONDITION:
      return 409;
    case GRPC.ABORTED:
      // Only checkout aborts on a failed payment; the app shows "payment failed" and the edge
      // counts it as an upstream (5xx) failure, so a bad payment release burns the edge SLO.
      return 502;
    default:
      return 500;
  }
}

function hr(us: number): HrTime {
  const s = Math.floor(us / 1e6);
  return [s, (us - s * 1e6) * 1000];
}

const ms = (x: number): number => Math.max(1, Math.round(x * 1000));

interface CallOpts {
  /** Serve the call in this AZ regardless of affinity (e.g. the stock master). */
  az?: string;
  role?: Role;
  deadlineMs?: number;
}

type Handler = (srv: Instance, ctx: Context, startUs: number) => Outcome;

interface DbOp {
  operation: string;
  collection: string;
  medianMs: number;
  sigma?: number;
}

class RequestSim {
  spans = 0;
  readonly rng: Rng;
  readonly startMs: number;

  constructor(
    readonly plan: RequestPlan,
    private readonly tracers: TracerSource,
    private readonly ids: SeededIdGenerator,
  ) {
    this.rng = new Rng(plan.rngSeed);
    this.startMs = plan.startUs / 1000;
  }

  private open(inst: Instance, scope: ScopeKey, name: string, kind: SpanKind, startUs: number, attributes: Attributes, parent: Context): Span {
    this.spans++;
    return this.tracers.tracer(inst, scope).startSpan(name, { kind, startTime: hr(startUs), attributes }, parent);
  }

  private close(span: Span, inst: Instance, endUs: number, f: Fault | undefined): void {
    if (f && (f.bad ?? BAD_CODES.has(f.code))) {
      span.setAttribute('error.type', f.errorType);
      const bareShare = OBSERVABILITY_DEBT.bareErrorShare[inst.service];
      if (bareShare !== undefined && this.rng.chance(bareShare)) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else {
        span.setStatus({ code: SpanStatusCode.ERROR, message: f.message });
        span.addEvent('exception', { 'exception.type': f.excType, 'exception.message': f.message }, hr(endUs));
      }
    }
    span.end(hr(endUs));
  }

  private hopUs(fromAz: string, toAz: string): number {
    if (fromAz === toAz) return ms(this.rng.logNormal(0.25, 0.3));
    if (fromAz.slice(0, -1) === toAz.slice(0, -1)) return ms(this.rng.logNormal(1.1, 0.25));
    return ms(this.rng.logNormal(28, 0.1));
  }

  private pickAz(caller: Instance): string {
    const azs = regionDef(caller.region).azs;
    if (AFFINITY_IGNORED.has(caller.service)) return this.rng.pick(azs);
    if (azs.length === 1 || this.rng.chance(AZ_AFFINITY)) return caller.az;
    const others = azs.filter((a) => a !== caller.az);
    return this.rng.pick(others);
  }

  /** A gRPC call: CLIENT span in the caller, SERVER span (its child) in the callee. */
  rpc(caller: Instance, parent: Context, startUs: number, def: RpcDef, handler: Handler, opts: CallOpts = {}): Outcome {
    const callee = instance(def.service, opts.az ?? this.pickAz(caller), opts.role ?? 'stable');
    const client = this.open(
      caller,
      'grpc',
      def.name,
      SpanKind.CLIENT,
      startUs,
      { 'rpc.system': 'grpc', 'rpc.service': def.rpcService, 'rpc.method': def.method, 'peer.service': def.service },
      parent,
    );
    const hop = this.hopUs(caller.az, callee.az);
    let serverParent = trace.setSpan(ROOT_CONTEXT, client);
    const orphanShare = OBSERVABILITY_DEBT.orphanShare[def.service];
    if (orphanShare !== undefined && this.rng.chance(orphanShare)) {
      // A proxy that drops traceparent's span id: same trace, parent that was never sent.
      serverParent = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: client.spanContext().traceId,
        spanId: this.ids.generateSpanId(),
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      });
    }
    const serverAttrs: Attributes = OBSERVABILITY_DEBT.omitsOperation.has(def.service)
      ? { 'rpc.system': 'grpc', 'rpc.service': def.rpcService }
      : { 'rpc.system': 'grpc', 'rpc.service': def.rpcService, 'rpc.method': def.method };
    const serverStart = startUs + hop;
    const server = this.open(callee, 'grpc', def.name, SpanKind.SERVER, serverStart, serverAttrs, serverParent);
    const out = handler(callee, trace.setSpan(ROOT_CONTEXT, server), serverStart);
    server.setAttribute('rpc.grpc.status_code', out.fault?.code ?? GRPC.OK);
    this.close(server, callee, out.endUs, out.fault);

    let endUs = out.endUs + this.hopUs(callee.az, caller.az);
    let cf = out.fault ? clientFault(out.fault.code, out.fault.message) : undefined;
    if (opts.deadlineMs !== undefined && endUs - startUs > opts.deadlineMs * 1000) {
      endUs = startUs + opts.deadlineMs * 1000;
      cf = clientFault(GRPC.DEADLINE_EXCEEDED, 'context deadline exceeded');
    }
    client.setAttribute('rpc.grpc.status_code', cf?.code ?? GRPC.OK);
    this.close(client, caller, endUs, cf);
    return { endUs, fault: cf };
  }

  db(inst: Instance, parent: Context, startUs: number, op: DbOp, f?: Fault, durationUs?: number): Outcome {
    const system = DB_SYSTEM[inst.service] ?? 'mysql';
    const span = this.open(
      inst,
      'sql',
      `${op.operation} ${op.collection}`,
      SpanKind.CLIENT,
      startUs,
      { 'db.system': system, 'db.operation.name': op.operation, 'db.collection.name': op.collection },
      parent,
    );
    const endUs = startUs + (durationUs ?? ms(this.rng.logNormal(op.medianMs, op.sigma ?? 0.35)));
    this.close(span, inst, endUs, f);
    return { endUs, fault: f };
  }

  redis(inst: Instance, parent: Context, startUs: number, command: string, f?: Fault, durationUs?: number): Outcome {
    const span = this.open(inst, 'redis', command, SpanKind.CLIENT, startUs, { 'db.system': 'redis', 'db.operation.name': command }, parent);
    const endUs = startUs + (durationUs ?? ms(this.rng.logNormal(0.35, 0.3)));
    this.close(span, inst, endUs, f);
    return { endUs, fault: f };
  }

  self(medianMs: number, sigma = 0.3): number {
    return ms(this.rng.logNormal(medianMs, sigma));
  }

  // ---- handlers: each service's server-side work ----

  authenticate: Handler = (srv, ctx, t) => {
    t += this.self(0.2);
    t = this.redis(srv, ctx, t, 'GET').endUs + this.self(0.1);
    if (this.rng.chance(0.003)) return { endUs: t, fault: fault(GRPC.UNAUTHENTICATED, 'UNAUTHENTICATED', 'auth.TokenExpired', 'session expired') };
    if (this.rng.chance(0.0002)) return { endUs: t, fault: fault(GRPC.INTERNAL, 'INTERNAL', 'auth.KeyError', 'jwks: signing key not found') };
    return { endUs: t };
  };

  private productLookup(srv: Instance, ctx: Context, t: number, command: string, allowNotFound: boolean): Outcome {
    t += this.self(0.2);
    t = this.redis(srv, ctx, t, command).endUs;
    if (this.rng.chance(0.0005)) {
      const f = fault(GRPC.INTERNAL, 'mysql_error', 'mysql.MySQLError', 'Error 2013 (HY000): Lost connection to MySQL server during query');
      t = this.db(srv, ctx, t, { operation: 'SELECT', collection: 'products', medianMs: 30 }, f).endUs;
      return { endUs: t + this.self(0.1), fault: f };
    }
    if (this.rng.chance(0.1)) t = this.db(srv, ctx, t, { operation: 'SELECT', collection: 'products', medianMs: 2.5 }).endUs;
    if (allowNotFound && this.rng.chance(0.005)) {
      return { endUs: t + this.self(0.1), fault: fault(GRPC.NOT_FOUND, 'NOT_FOUND', 'product.NotFound', 'product not found') };
    }
    return { endUs: t + this.self(0.1) };
  }

  getProduct: Handler = (srv, ctx, t) => this.productLookup(srv, ctx, t, 'GET', true);
  batchGetProducts: Handler = (srv, ctx, t) => this.productLookup(srv, ctx, t, 'MGET', false);
  getPrice: Handler = (srv, ctx, t) => this.productLookup(srv, ctx, t, 'GET', false);

  listGroups: Handler = (srv, ctx, t) => {
    t += this.self(0.4);
    if (this.rng.chance(0.0005)) {
      const f = fault(GRPC.INTERNAL, 'mysql_error', 'mysql.MySQLError', 'Error 1040: Too many connections');
      return { endUs: this.db(srv, ctx, t, { operation: 'SELECT', collection: 'groups', medianMs: 1 }, f).endUs, fault: f };
    }
    t = this.db(srv, ctx, t, { operation: 'SELECT', collection: 'groups', medianMs: 4 }).endUs;
    const products = this.rpc(srv, ctx, t, RPCS.batchGetProducts, this.batchGetProducts);
    return { endUs: products.endUs + this.self(0.3), fault: products.fault };
  };

  applyCoupon: Handler = (srv, ctx, t) => {
    t += this.self(0.3);
    t = this.redis(srv, ctx, t, 'GET').endUs;
    const price = this.rpc(srv, ctx, t, RPCS.getPrice, this.getPrice);
    t = price.endUs + this.self(0.2);
    if (price.fault) return { endUs: t, fault: fault(GRPC.UNAVAILABLE, 'price_unavailable', 'marketing.PriceError', 'get price failed') };
    if (this.rng.chance(0.0005)) return { endUs: t, fault: fault(GRPC.UNAVAILABLE, 'UNAVAILABLE', 'marketing.RuleEngineError', 'coupon rule engine unavailable') };
    return { endUs: t };
  };

  private reserveStock(item: number): Handler {
    return (srv, ctx, t) => {
      t += this.self(0.2);
      // Episode stalls hit whole orders (shared q); everyday lock-wait timeouts hit single calls.
      const timeout = this.plan.reserveQ < episodeTimeoutRatio(this.startMs) || this.rng.chance(INVENTORY_EPISODE.baseTimeoutRatio);
      const op = { operation: 'UPDATE', collection: 'stock', medianMs: 2.5 };
      if (timeout) {
        // The row lock is held by the stock master's backlog until order-svc gives up.
        const waitUs = RESERVE_DEADLINE_MS * 1000 + ms(this.rng.logNormal(40, 0.5));
        const f = fault(GRPC.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'context.deadlineExceededError', 'context deadline exceeded');
        const db = this.db(srv, ctx, t, op, f, waitUs);
        return { endUs: db.endUs + this.self(0.1), fault: f };
      }
      let durationUs: number | undefined;
      if (srv.az === INVENTORY_EPISODE.az && episodeActive(this.startMs)) {
        const u = (this.plan.latencyQ + item * 0.5) % 1;
        const slow = logNormalAt(250 + 350 * episodeIntensity(this.startMs), 0.6, u);
        durationUs = ms(Math.min(slow, RESERVE_DEADLINE_MS * 0.9));
      }
      t = this.db(srv, ctx, t, op, undefined, durationUs).endUs;
      return { endUs: t + this.self(0.1) };
    };
  }

  postJournal: Handler = (srv, ctx, t) => {
    t += this.self(0.3);
    if (this.rng.chance(0.0003)) {
      const f = fault(GRPC.UNAVAILABLE, 'postgres_unavailable', 'pgconn.ConnectError', 'failed to connect to `host=pay-db`: server is shutting down');
      return { endUs: this.db(srv, ctx, t, { operation: 'INSERT', collection: 'journal_entries', medianMs: 1 }, f).endUs, fault: f };
    }
    t = this.db(srv, ctx, t, { operation: 'INSERT', collection: 'journal_entries', medianMs: 4 }).endUs;
    return { endUs: t + this.self(0.2) };
  };

  pay: Handler = (srv, ctx, t) => {
    t += this.self(0.4);
    if (srv.role === 'canary' && this.rng.chance(0.048)) {
      // The release candidate's new idempotency-key client has a 100 ms read timeout.
      const f = fault(GRPC.INTERNAL, 'redis_timeout', 'redis.TimeoutError', 'redis: i/o timeout (read tcp: 100ms)');
      const r = this.redis(srv, ctx, t, 'SET', f, ms(this.rng.logNormal(100, 0.02)));
      return { endUs: r.endUs + this.self(0.2), fault: f };
    }
    t = this.redis(srv, ctx, t, 'SET').endUs;
    t += ms(logNormalAt(55, 0.35, this.plan.latencyQ)); // the payment provider's API, outside our tracing
    if (this.rng.chance(0.002)) {
      return { endUs: t + this.self(0.2), fault: fault(GRPC.INTERNAL, 'psp_gateway_error', 'payment.PSPError', 'psp: upstream returned 502 Bad Gateway') };
    }
    t = this.db(srv, ctx, t, { operation: 'INSERT', collection: 'payments', medianMs: 3.5 }).endUs;
    const journal = this.rpc(srv, ctx, t, RPCS.postJournal, this.postJournal, { deadlineMs: 1000 });
    t = journal.endUs + this.self(0.3);
    if (journal.fault) return { endUs: t, fault: fault(GRPC.INTERNAL, 'ledger_unavailable', 'payment.LedgerError', 'post journal failed') };
    return { endUs: t };
  };

  send: Handler = (srv, _ctx, t) => {
    t += this.self(3, 0.5);
    if (this.rng.chance(0.001)) return { endUs: t, fault: fault(GRPC.UNAVAILABLE, 'smtp_unavailable', 'notify.SMTPError', '421 service not available') };
    return { endUs: t };
  };

  createShipment: Handler = (srv, ctx, t) => {
    t += this.self(0.3);
    t = this.db(srv, ctx, t, { operation: 'INSERT', collection: 'shipments', medianMs: 3 }).endUs;
    // Notification failures are retried from an outbox; the shipment itself succeeded.
    t = this.rpc(srv, ctx, t, RPCS.send, this.send).endUs;
    if (this.rng.chance(0.0005)) return { endUs: t, fault: fault(GRPC.UNAVAILABLE, 'UNAVAILABLE', 'fulfillment.CarrierError', 'carrier API unavailable') };
    return { endUs: t + this.self(0.2) };
  };

  createOrder: Handler = (srv, ctx, t) => {
    t += this.self(0.5);
    // Line items are reserved in parallel (errgroup); the order waits for the slowest.
    const onEpisode = episodeActive(this.startMs);
    let reservedUs = t;
    let reserveFault: Fault | undefined;
    for (let j = 0; j < this.plan.items; j++) {
      const r = this.rpc(srv, ctx, t + j * 40, RPCS.reserveStock, this.reserveStock(j), {
        az: onEpisode ? INVENTORY_EPISODE.az : undefined,
        deadlineMs: RESERVE_DEADLINE_MS,
      });
      reservedUs = Math.max(reservedUs, r.endUs);
      reserveFault ??= r.fault;
    }
    t = reservedUs + this.self(0.1);
    if (reserveFault) {
      return { endUs: t, fault: fault(GRPC.UNAVAILABLE, 'inventory_unavailable', 'order.ReserveError', `reserve stock: ${reserveFault.message}`) };
    }
    t = this.db(srv, ctx, t, { operation: 'INSERT', collection: 'orders', medianMs: 3 }).endUs;
    if (!this.plan.pays) return { endUs: t + this.self(0.2) };
    const paid = this.rpc(srv, ctx, t, RPCS.pay, this.pay, { role: this.plan.payCanary ? 'canary' : 'stable', deadlineMs: 2500 });
    t = paid.endUs;
    if (paid.fault) {
      // The order stays CREATED and can be paid again: an aborted checkout, not an order-svc fault.
      return { endUs: t + this.self(0.2), fault: fault(GRPC.ABORTED, 'payment_failed', 'order.PaymentError', `pay: ${paid.fault.message}`) };
    }
    t = this.rpc(srv, ctx, t, RPCS.createShipment, this.createShipment, { deadlineMs: 2000 }).endUs;
    return { endUs: t + this.self(0.2) };
  };

  joinGroup: Handler = (srv, ctx, t) => {
    t += this.self(0.4);
    t = this.db(srv, ctx, t, { operation: 'INSERT', collection: 'group_members', medianMs: 3 }).endUs;
    // Coupons are best effort: without marketing the order goes ahead at list price.
    t = this.rpc(srv, ctx, t, RPCS.applyCoupon, this.applyCoupon, { deadlineMs: 300 }).endUs;
    const order = this.rpc(srv, ctx, t, RPCS.createOrder, this.createOrder, {
      role: this.plan.orderCanary ? 'canary' : 'stable',
      deadlineMs: 4000,
    });
    return { endUs: order.endUs + this.self(0.2), fault: order.fault };
  };

  // ---- the edge ----

  run(): number {
    const plan = this.plan;
    const gw = instance('api-gateway', plan.gatewayAz);
    const { method, route } = ROUTES[plan.flow];
    const root = this.open(
      gw,
      'http',
      `${method} ${route}`,
      SpanKind.SERVER,
      plan.startUs,
      { 'http.request.method': method, 'http.route': route, 'url.scheme': 'https', x_unit_id: plan.homeUnit },
      ROOT_CONTEXT,
    );
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    let t = plan.startUs + this.self(0.15);
    const auth = this.rpc(gw, ctx, t, RPCS.authenticate, this.authenticate, { deadlineMs: 500 });
    t = auth.endUs;
    let upstream: { service: ServiceName; out: Outcome } = { service: 'user-svc', out: auth };
    if (!auth.fault) {
      const call = plan.flow === 'order' ? RPCS.joinGroup : plan.flow === 'group_list' ? RPCS.listGroups : RPCS.getProduct;
      const handler = plan.flow === 'order' ? this.joinGroup : plan.flow === 'group_list' ? this.listGroups : this.getProduct;
      const out = this.rpc(gw, ctx, t, call, handler, { deadlineMs: plan.flow === 'order' ? 5000 : 1000 });
      upstream = { service: call.service, out };
      t = out.endUs;
    }
    t += this.self(0.15);
    const code = upstream.out.fault?.code ?? GRPC.OK;
    const status = code === GRPC.OK && method === 'POST' ? 201 : httpStatusFor(code);
    root.setAttribute('http.response.status_code', status);
    const httpFault =
      status >= 500
        ? { ...fault(code, String(status), 'gateway.UpstreamError', `${upstream.service}: ${upstream.out.fault?.message ?? 'error'}`), bad: true }
        : undefined;
    this.close(root, gw, t, httpFault);
    return status;
  }
}

export interface RequestResult {
  spans: number;
  httpStatus: number;
}

/** Emits one request's spans. The caller must not interleave requests (ids come from one stream). */
export function emitRequest(plan: RequestPlan, tracers: TracerSource, ids: SeededIdGenerator): RequestResult {
  ids.reseed(plan.idSeed);
  const sim = new RequestSim(plan, tracers, ids);
  const httpStatus = sim.run();
  return { spans: sim.spans, httpStatus };
}
