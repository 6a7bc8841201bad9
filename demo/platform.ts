import type { Attributes } from '@opentelemetry/api';

/**
 * Topology of the simulated group-buying platform (SPEC §7): services, regions, AZs, units,
 * versions and canaries. Pure data; the traffic model decides who calls whom and when.
 */

export const SERVICES = [
  'api-gateway',
  'user-svc',
  'group-svc',
  'product-svc',
  'inventory-svc',
  'marketing-svc',
  'order-svc',
  'payment-svc',
  'ledger-svc',
  'fulfillment-svc',
  'notify-svc',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RegionDef {
  region: string;
  azs: readonly string[];
  /** The cell that owns the users homed in this region. */
  unit: string;
  /** Share of users homed in this region's unit. */
  userShare: number;
}

export const REGIONS: readonly RegionDef[] = [
  { region: 'cn-east-1', azs: ['cn-east-1a', 'cn-east-1b', 'cn-east-1c'], unit: 'unit-east', userShare: 0.45 },
  { region: 'cn-north-1', azs: ['cn-north-1a', 'cn-north-1b'], unit: 'unit-north', userShare: 0.3 },
  { region: 'cn-south-1', azs: ['cn-south-1a', 'cn-south-1b'], unit: 'unit-south', userShare: 0.25 },
];

export const UNIT_REGION: Readonly<Record<string, string>> = Object.fromEntries(REGIONS.map((r) => [r.unit, r.region]));

export function regionDef(region: string): RegionDef {
  const def = REGIONS.find((r) => r.region === region);
  if (!def) throw new Error(`unknown region ${region}`);
  return def;
}

export function regionOfAz(az: string): string {
  // AZ names are the region plus one letter (cn-east-1a).
  return az.slice(0, -1);
}

/** Share of requests the edge routes to a unit other than the user's home unit. */
export const MISROUTE_SHARE = 0.01;
/** Probability that a caller picks a callee instance in its own AZ. */
export const AZ_AFFINITY = 0.9;
/** Callers whose client-side load balancing ignores AZ affinity (the cross-AZ outlier). */
export const AFFINITY_IGNORED: ReadonlySet<ServiceName> = new Set<ServiceName>(['marketing-svc']);

export type Role = 'stable' | 'canary';

export const STABLE_VERSION: Readonly<Record<ServiceName, string>> = {
  'api-gateway': '1.42.0',
  'user-svc': '3.8.2',
  'group-svc': '2.15.1',
  'product-svc': '4.3.0',
  'inventory-svc': '2.7.5',
  'marketing-svc': '1.21.3',
  'order-svc': '5.12.0',
  'payment-svc': '2.3.4',
  'ledger-svc': '1.9.8',
  'fulfillment-svc': '3.0.6',
  'notify-svc': '0.9.14',
};

export interface CanaryDef {
  service: ServiceName;
  version: string;
  /** Share of the service's calls served by the canary. */
  share: number;
  /** What a correct canary judge should conclude. */
  expected: 'promote' | 'rollback';
}

export const CANARIES: readonly CanaryDef[] = [
  { service: 'payment-svc', version: '2.4.0-rc.1', share: 0.1, expected: 'rollback' },
  { service: 'order-svc', version: '5.13.0-rc.1', share: 0.1, expected: 'promote' },
];

export function canaryOf(service: ServiceName): CanaryDef | undefined {
  return CANARIES.find((c) => c.service === service);
}

/**
 * Deliberate observability gaps, so the tech-debt index (§5.6) has something true to find.
 */
export const OBSERVABILITY_DEBT = {
  /** SERVER spans without http.route / rpc.method. */
  omitsOperation: new Set<ServiceName>(['notify-svc']),
  /** Resources without service.version. */
  omitsVersion: new Set<ServiceName>(['notify-svc']),
  /** Share of SERVER spans whose parent span id points at a span that was never sent. */
  orphanShare: { 'fulfillment-svc': 0.12 } as Partial<Record<ServiceName, number>>,
  /** Share of error spans with neither a status message nor an exception event. */
  bareErrorShare: { 'product-svc': 0.5 } as Partial<Record<ServiceName, number>>,
} as const;

export type DbSystem = 'mysql' | 'postgresql';
/** The payment database is Postgres (it feeds the CDC/WAL ledger path); the rest is MySQL. */
export const DB_SYSTEM: Readonly<Partial<Record<ServiceName, DbSystem>>> = {
  'product-svc': 'mysql',
  'group-svc': 'mysql',
  'inventory-svc': 'mysql',
  'marketing-svc': 'mysql',
  'order-svc': 'mysql',
  'payment-svc': 'postgresql',
  'ledger-svc': 'postgresql',
  'fulfillment-svc': 'mysql',
};

/** Instrumentation scopes the Go services would report (otelhttp, otelgrpc, otelsql, redisotel). */
export const SCOPES = {
  http: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: '0.63.0' },
  grpc: { name: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', version: '0.63.0' },
  sql: { name: 'github.com/XSAM/otelsql', version: '0.40.0' },
  redis: { name: 'github.com/redis/go-redis/extra/redisotel', version: '9.14.0' },
} as const;
export type ScopeKey = keyof typeof SCOPES;

/** One running deployment: the unit a resource (and so a tracer provider) describes. */
export interface Instance {
  key: string;
  service: ServiceName;
  region: string;
  az: string;
  unit: string;
  role: Role;
  version: string;
}

const instances = new Map<string, Instance>();

/** Instances are interned so the hot path compares and caches by reference. */
export function instance(service: ServiceName, az: string, role: Role = 'stable'): Instance {
  const key = `${service}|${az}|${role}`;
  let inst = instances.get(key);
  if (!inst) {
    const region = regionOfAz(az);
    const canary = role === 'canary' ? canaryOf(service) : undefined;
    if (role === 'canary' && !canary) throw new Error(`${service} has no canary`);
    inst = {
      key,
      service,
      region,
      az,
      unit: regionDef(region).unit,
      role,
      version: canary ? canary.version : STABLE_VERSION[service],
    };
    instances.set(key, inst);
  }
  return inst;
}

export function resourceAttributes(inst: Instance): Attributes {
  const attrs: Attributes = {
    'service.name': inst.service,
    'service.namespace': 'groupbuy',
    'deployment.environment.name': 'prod',
    'cloud.provider': 'alibaba_cloud',
    'cloud.region': inst.region,
    'cloud.availability_zone': inst.az,
    'deployment.role': inst.role,
    'sightline.unit': inst.unit,
  };
  if (!OBSERVABILITY_DEBT.omitsVersion.has(inst.service)) attrs['service.version'] = inst.version;
  return attrs;
}

export interface RpcDef {
  service: ServiceName;
  rpcService: string;
  method: string;
  /** Span name, as otelgrpc forms it: `<package.Service>/<Method>`. */
  name: string;
}

function rpc(service: ServiceName, rpcService: string, method: string): RpcDef {
  return { service, rpcService, method, name: `${rpcService}/${method}` };
}

export const RPCS = {
  authenticate: rpc('user-svc', 'user.v1.UserService', 'Authenticate'),
  getProduct: rpc('product-svc', 'product.v1.ProductService', 'GetProduct'),
  batchGetProducts: rpc('product-svc', 'product.v1.ProductService', 'BatchGetProducts'),
  getPrice: rpc('product-svc', 'product.v1.ProductService', 'GetPrice'),
  listGroups: rpc('group-svc', 'group.v1.GroupService', 'ListGroups'),
  joinGroup: rpc('group-svc', 'group.v1.GroupService', 'JoinGroup'),
  applyCoupon: rpc('marketing-svc', 'marketing.v1.MarketingService', 'ApplyCoupon'),
  createOrder: rpc('order-svc', 'order.v1.OrderService', 'CreateOrder'),
  reserveStock: rpc('inventory-svc', 'inventory.v1.InventoryService', 'ReserveStock'),
  pay: rpc('payment-svc', 'payment.v1.PaymentService', 'Pay'),
  postJournal: rpc('ledger-svc', 'ledger.v1.LedgerService', 'PostJournal'),
  createShipment: rpc('fulfillment-svc', 'fulfillment.v1.FulfillmentService', 'CreateShipment'),
  send: rpc('notify-svc', 'notify.v1.NotifyService', 'Send'),
} as const;

/** Edge routes of api-gateway per request flow. */
export const ROUTES = {
  product_view: { method: 'GET', route: '/api/v1/products/{productId}' },
  group_list: { method: 'GET', route: '/api/v1/groups' },
  order: { method: 'POST', route: '/api/v1/groups/{groupId}/orders' },
} as const;
