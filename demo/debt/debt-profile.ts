import type { ServiceName } from '../platform';

/**
 * How much debt each simulated service carries (SPEC §7): pure data the report builders read.
 * Shapes follow the platform's story: the money path (order, payment) is old and complex,
 * inventory's CI is flaky, the edge gateway carries most of the dependency CVEs.
 */

export interface Vulnerability {
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  title: string;
}

/** Known vulnerabilities of Go modules and Debian packages the services' images contain. */
export const VULNERABILITIES: readonly Vulnerability[] = [
  { id: 'CVE-2023-44487', pkg: 'google.golang.org/grpc', installed: 'v1.56.2', fixed: '1.56.3', severity: 'HIGH', title: 'HTTP/2 rapid reset can cause excessive work' },
  { id: 'CVE-2023-39325', pkg: 'golang.org/x/net', installed: 'v0.15.0', fixed: '0.17.0', severity: 'HIGH', title: 'net/http: rapid stream resets can cause excessive work' },
  { id: 'CVE-2024-45337', pkg: 'golang.org/x/crypto', installed: 'v0.21.0', fixed: '0.31.0', severity: 'CRITICAL', title: 'ssh: misuse of ServerConfig.PublicKeyCallback may cause authorization bypass' },
  { id: 'CVE-2024-24790', pkg: 'stdlib', installed: 'v1.21.5', fixed: '1.21.11', severity: 'CRITICAL', title: 'net/netip: unexpected behavior from Is methods for IPv4-mapped IPv6 addresses' },
  { id: 'CVE-2023-45288', pkg: 'golang.org/x/net', installed: 'v0.19.0', fixed: '0.23.0', severity: 'MEDIUM', title: 'http2: close connections when receiving too many headers' },
  { id: 'CVE-2024-51744', pkg: 'github.com/golang-jwt/jwt/v4', installed: 'v4.5.0', fixed: '4.5.1', severity: 'LOW', title: 'bad documentation of error handling in ParseWithClaims' },
  { id: 'CVE-2022-28948', pkg: 'gopkg.in/yaml.v3', installed: 'v3.0.0', fixed: '3.0.1', severity: 'HIGH', title: 'crash when attempting to deserialize invalid input' },
  { id: 'CVE-2023-47108', pkg: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', installed: 'v0.45.0', fixed: '0.46.0', severity: 'HIGH', title: 'DoS vulnerability in otelgrpc due to unbound cardinality metrics' },
  { id: 'CVE-2024-34156', pkg: 'stdlib', installed: 'v1.21.5', fixed: '1.22.7', severity: 'HIGH', title: 'encoding/gob: stack exhaustion in Decoder.Decode' },
  { id: 'CVE-2023-7104', pkg: 'libsqlite3-0', installed: '3.40.1-2', severity: 'MEDIUM', title: 'heap buffer overflow in sessionReadRecord' },
  { id: 'CVE-2024-2511', pkg: 'libssl3', installed: '3.0.11-1~deb12u2', fixed: '3.0.14-1~deb12u1', severity: 'MEDIUM', title: 'unbounded memory growth with session handling in TLSv1.3' },
  { id: 'CVE-2023-50495', pkg: 'ncurses-base', installed: '6.4-4', severity: 'LOW', title: 'segmentation fault via _nc_wrap_entry()' },
  { id: 'CVE-2024-0727', pkg: 'libssl3', installed: '3.0.11-1~deb12u2', fixed: '3.0.13-1~deb12u1', severity: 'LOW', title: 'PKCS12 decoding crashes' },
];

export interface DebtProfile {
  /** Functions in the code base, and how many have cyclomatic complexity over 15. */
  functions: number;
  complex: number;
  /** Chance a CI run fails, and that a passing run needed a test rerun. */
  ciFailure: number;
  flaky: number;
  /** Indices into VULNERABILITIES: the current image, and the one scanned three weeks ago. */
  vulns: number[];
  oldVulns: number[];
}

export const DEBT_PROFILES: Readonly<Record<ServiceName, DebtProfile>> = {
  'api-gateway': { functions: 140, complex: 5, ciFailure: 0.05, flaky: 0.03, vulns: [0, 1, 4, 5, 10], oldVulns: [0, 1, 3, 4, 5, 10, 11] },
  'user-svc': { functions: 95, complex: 2, ciFailure: 0.04, flaky: 0.02, vulns: [5, 12], oldVulns: [5, 6, 12] },
  'group-svc': { functions: 110, complex: 6, ciFailure: 0.06, flaky: 0.04, vulns: [4, 11], oldVulns: [4, 11] },
  'product-svc': { functions: 85, complex: 3, ciFailure: 0.03, flaky: 0.02, vulns: [12], oldVulns: [8, 12] },
  'inventory-svc': { functions: 75, complex: 7, ciFailure: 0.2, flaky: 0.15, vulns: [1, 7, 9], oldVulns: [1, 7, 9] },
  'marketing-svc': { functions: 120, complex: 9, ciFailure: 0.08, flaky: 0.05, vulns: [6, 11], oldVulns: [6, 11] },
  'order-svc': { functions: 160, complex: 21, ciFailure: 0.12, flaky: 0.06, vulns: [0, 8, 10], oldVulns: [0, 8, 10] },
  'payment-svc': { functions: 90, complex: 14, ciFailure: 0.18, flaky: 0.05, vulns: [2, 3, 7, 8, 10], oldVulns: [2, 7, 10] },
  'ledger-svc': { functions: 70, complex: 4, ciFailure: 0.04, flaky: 0.01, vulns: [9], oldVulns: [3, 9] },
  'fulfillment-svc': { functions: 65, complex: 3, ciFailure: 0.05, flaky: 0.03, vulns: [4], oldVulns: [4] },
  'notify-svc': { functions: 40, complex: 1, ciFailure: 0.07, flaky: 0.04, vulns: [5, 11], oldVulns: [5, 11] },
};

/** Go identifiers for generated function names, per service. */
export const DOMAIN: Readonly<Record<ServiceName, { pkg: string; type: string; nouns: readonly string[] }>> = {
  'api-gateway': { pkg: 'gateway', type: 'Router', nouns: ['Route', 'Auth', 'RateLimit', 'Proxy', 'Header', 'Session'] },
  'user-svc': { pkg: 'user', type: 'UserService', nouns: ['User', 'Token', 'Profile', 'Address', 'Session'] },
  'group-svc': { pkg: 'group', type: 'GroupService', nouns: ['Group', 'Member', 'Deal', 'Invite', 'Quota'] },
  'product-svc': { pkg: 'product', type: 'ProductService', nouns: ['Product', 'Price', 'Sku', 'Catalog', 'Image'] },
  'inventory-svc': { pkg: 'inventory', type: 'InventoryService', nouns: ['Stock', 'Reservation', 'Warehouse', 'Shard', 'Lock'] },
  'marketing-svc': { pkg: 'marketing', type: 'MarketingService', nouns: ['Coupon', 'Campaign', 'Rule', 'Budget', 'Audience'] },
  'order-svc': { pkg: 'order', type: 'OrderService', nouns: ['Order', 'Cart', 'Checkout', 'Refund', 'Split', 'Saga'] },
  'payment-svc': { pkg: 'payment', type: 'PaymentService', nouns: ['Payment', 'Channel', 'Capture', 'Refund', 'Callback', 'Retry'] },
  'ledger-svc': { pkg: 'ledger', type: 'LedgerService', nouns: ['Journal', 'Posting', 'Account', 'Balance'] },
  'fulfillment-svc': { pkg: 'fulfillment', type: 'FulfillmentService', nouns: ['Shipment', 'Parcel', 'Carrier', 'Label'] },
  'notify-svc': { pkg: 'notify', type: 'NotifyService', nouns: ['Message', 'Template', 'Channel'] },
};
