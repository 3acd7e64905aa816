import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, 'test/fixtures/metrics');

export function readFixture(relative: string): string {
  return readFileSync(path.join(fixturesDir, relative), 'utf8');
}

export interface FakeResponse {
  status?: number;
  body: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (time-out tests). */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface FakeMetricsApi {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the answer for one path (without query); prefix match when the key ends in '*'. */
  override(pathname: string, response: FakeResponse): void;
  reset(): void;
  close(): Promise<void>;
}

/** Real recorded payloads of the three APIs, keyed by path; DefiLlama slugs all get the same fixture. */
function defaultRoutes(): Record<string, FakeResponse> {
  const json = (file: string): FakeResponse => ({ body: readFixture(file) });
  return {
    '/v1/network-capacity': json('akash-console/network-capacity.json'),
    '/v1/dashboard-data': json('akash-console/dashboard-data.schema-derived.json'),
    '/v1/gpu-prices': json('akash-console/gpu-prices.json'),
    '/api/v3/simple/price': json('coingecko/simple-price.depin-basket.schema-derived.json'),
    '/api/v3/coins/*': json('coingecko/coins-market-chart.json'),
    '/v1/graph-data/*': json('akash-console/graph-data.dailyUUsdSpent.schema-derived.json'),
    '/summary/fees/*': json('defillama/summary-fees.json'),
    '/tvl/*': json('defillama/tvl.json'),
  };
}

/** One loopback server speaking all three metric APIs' wire formats, from the recorded fixtures. */
export async function startFakeMetricsApi(): Promise<FakeMetricsApi> {
  let routes = defaultRoutes();
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: url.searchParams, headers: request.headers });
    const route =
      routes[url.pathname] ??
      Object.entries(routes).find(
        ([key]) => key.endsWith('*') && url.pathname.startsWith(key.slice(0, -1)),
      )?.[1];
    const answer = route ?? { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } };
    const send = () => {
      if (response.destroyed) return;
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    override(pathname, response) {
      routes[pathname] = response;
    },
    reset() {
      routes = defaultRoutes();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
