/** @type {import('next').NextConfig} */
const nextConfig = {
  // chDB is a native addon with a 500 MB shared library: it must be required at run time, never bundled.
  serverExternalPackages: ['chdb', '@chdb/lib-linux-x64-gnu', '@chdb/lib-linux-arm64-gnu', '@clickhouse/client', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
