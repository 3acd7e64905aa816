import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAkashConsoleSource } from '../../../metrics/series/sources/akash-console.ts';
import { createCoinGeckoSource } from '../../../metrics/series/sources/coingecko.ts';
import { createDefiLlamaSource } from '../../../metrics/series/sources/defillama.ts';
import { parseRetryAfter } from '../../../metrics/series/sources/http.ts';
import { loadReplayFile, replaySamples } from '../../../metrics/series/sources/replay.ts';
import type { PollResult } from '../../../metrics/series/types.ts';
import { readFixture, startFakeMetricsApi, type FakeMetricsApi } from '../../fakes/metrics-api-server.ts';

const fixedNow = new Date('2026-08-01T00:05:00.000Z');
let api: FakeMetricsApi;

beforeAll(async () => {
  api = await startFakeMetricsApi();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const akash = (timeoutMs = 2_000) =>
  createAkashConsoleSource({ fetch, baseUrl: api.url, timeoutMs, now: () => fixedNow });
const coingecko = (apiKey?: string) =>
  createCoinGeckoSource({ fetch, baseUrl: `${api.url}/api/v3`, timeoutMs: 2_000, apiKey });
const defillama = () =>
  createDefiLlamaSource({ fetch, baseUrl: api.url, timeoutMs: 2_000, now: () => fixedNow });

function values(result: PollResult): Record<string, number> {
  return Object.fromEntries(result.samples.map((sample) => [sample.metric, sample.value]));
}

describe('Akash Console source', () => {
  it('reads the recorded capacity, dashboard and GPU price responses into catalogue metrics', async () => {
    const result = await akash().poll();
    expect(result.failures).toEqual([]);
    const got = values(result);
    expect(got['akash.providers.active']).toBe(2);
    expect(got['akash.gpu.total']).toBe(2742);
    expect(got['akash.gpu.leased']).toBe(904);
    expect(got['akash.gpu.available']).toBe(924);
    expect(got['akash.gpu.utilization_pct']).toBeCloseTo((100 * (904 + 914)) / 2742, 6);
    expect(got['akash.cpu.leased']).toBeCloseTo(0.902, 6);
    expect(got['akash.leases.active']).toBe(700);
    expect(got['akash.leases.new_24h']).toBe(1000);
    // Money fields are micro-units.
    expect(got['akash.spend.usd_24h']).toBe(7500);
    expect(got['akash.spend.akt_24h']).toBe(1500);
    // Models without recent bids (price null) are left out of the weighted average.
    expect(got['akash.gpu.price_usd_hr']).toBeCloseTo((1.2 * 16 + 0.6 * 2) / 18, 6);
    const lease = result.samples.find((sample) => sample.metric === 'akash.leases.active');
    expect(lease?.observedAt.toISOString()).toBe('2026-08-01T00:00:00.000Z');
  });

  it('rejects the legacy flat capacity shape but keeps the other endpoints', async () => {
    api.override('/v1/network-capacity', {
      body: readFixture('akash-console/network-capacity.legacy-flat.json'),
    });
    const result = await akash().poll();
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ endpoint: '/v1/network-capacity' });
    expect(result.failures[0]?.reason).toMatch(/unexpected shape at resources/);
    expect(values(result)['akash.gpu.total']).toBeUndefined();
    expect(values(result)['akash.leases.active']).toBe(700);
  });

  it('treats a 200 with a zero block height as a failed sample, not a 100 % drop', async () => {
    const dashboard = JSON.parse(readFixture('akash-console/dashboard-data.schema-derived.json'));
    dashboard.now = { ...dashboard.now, height: 0, activeLeaseCount: 0, dailyUUsdSpent: 0 };
    api.override('/v1/dashboard-data', { body: JSON.stringify(dashboard) });
    const result = await akash().poll();
    expect(values(result)['akash.leases.active']).toBeUndefined();
    expect(result.failures.map((failure) => failure.reason).join()).toMatch(/height is 0/);
  });

  it('never turns a string where a number belongs into a number', async () => {
    const dashboard = JSON.parse(readFixture('akash-console/dashboard-data.schema-derived.json'));
    dashboard.now.activeLeaseCount = '700';
    api.override('/v1/dashboard-data', { body: JSON.stringify(dashboard) });
    const result = await akash().poll();
    expect(values(result)['akash.leases.active']).toBeUndefined();
    expect(result.failures[0]?.reason).toMatch(/now\.activeLeaseCount/);
  });

  it('rejects a missing field', async () => {
    const capacity = JSON.parse(readFixture('akash-console/network-capacity.json'));
    delete capacity.resources.gpu.available;
    api.override('/v1/network-capacity', { body: JSON.stringify(capacity) });
    const result = await akash().poll();
    expect(result.failures[0]?.reason).toMatch(/resources\.gpu\.available/);
    expect(values(result)['akash.gpu.available']).toBeUndefined();
  });

  it('reports an HTML 502 page as a short reason', async () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    for (const pathname of ['/v1/network-capacity', '/v1/dashboard-data', '/v1/gpu-prices']) {
      api.override(pathname, { status: 502, body: html, headers: { 'content-type': 'text/html' } });
    }
    const result = await akash().poll();
    expect(result.samples).toEqual([]);
    expect(result.failures).toHaveLength(3);
    expect(result.failures[0]?.reason).toBe('HTTP 502: HTML page "502 Bad Gateway"');
  });

  it('reports an HTML page served with status 200 as not JSON', async () => {
    api.override('/v1/gpu-prices', { body: '<html><body>maintenance</body></html>' });
    const result = await akash().poll();
    expect(result.failures[0]?.reason).toMatch(/^not JSON \(HTTP 200\): HTML page/);
  });

  it('gives up after the time-out instead of waiting for a slow server', async () => {
    api.override('/v1/network-capacity', {
      body: readFixture('akash-console/network-capacity.json'),
      delayMs: 1_000,
    });
    const result = await akash(100).poll();
    expect(result.failures).toEqual([{ endpoint: '/v1/network-capacity', reason: 'timed out after 100 ms' }]);
  });
});

describe('CoinGecko source', () => {
  it('reads the DePIN basket in one call and sends the demo key header', async () => {
    const result = await coingecko('demo-key').poll();
    expect(result.failures).toEqual([]);
    const got = values(result);
    expect(got['token.price_usd{akash-network}']).toBe(1.23);
    expect(got['token.price_usd{helium-mobile}']).toBe(0.00045);
    expect(got['token.market_cap_usd{render-token}']).toBe(1_780_000_000);
    expect(result.samples[0]?.observedAt.toISOString()).toBe(new Date(1785542400 * 1000).toISOString());
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.query.get('ids')?.split(',')).toHaveLength(6);
    expect(api.requests[0]?.headers['x-cg-demo-api-key']).toBe('demo-key');
  });

  it('sends no key header without a key', async () => {
    await coingecko().poll();
    expect(api.requests[0]?.headers['x-cg-demo-api-key']).toBeUndefined();
  });

  it('treats an unknown id ({} with status 200) as missing data', async () => {
    api.override('/api/v3/simple/price', { body: readFixture('coingecko/simple-price.unknown-id.json') });
    const result = await coingecko().poll();
    expect(result.samples).toEqual([]);
    expect(result.failures).toHaveLength(6);
    expect(result.failures[0]?.reason).toBe('no data for akash-network');
  });

  it('honours Retry-After on a 429 with the real rate-limit body', async () => {
    api.override('/api/v3/simple/price', {
      status: 429,
      body: readFixture('coingecko/error-429.json'),
      headers: { 'retry-after': '119' },
    });
    const result = await coingecko().poll();
    expect(result.samples).toEqual([]);
    expect(result.failures[0]?.retryAfterMs).toBe(119_000);
    expect(result.failures[0]?.reason).toMatch(/^HTTP 429: .*exceeded the Rate Limit/);
  });

  it('parses Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('DefiLlama source', () => {
  it('reads fee and revenue summaries and the bare-number TVL', async () => {
    const result = await defillama().poll();
    expect(result.failures).toEqual([]);
    const got = values(result);
    expect(got['defi.fees.usd_24h{akash-network}']).toBe(4_890_250);
    expect(got['defi.revenue.usd_24h{hivemapper}']).toBe(4_890_250);
    expect(got['defi.tvl.usd{akash-network}']).toBe(4_962_012_809.795062);
    // The recorded example predates total30d, so no 30-day sample is invented.
    expect(got['defi.revenue.usd_30d{akash-network}']).toBeUndefined();
    const feeRequest = api.requests.find((request) => request.path === '/summary/fees/akash-network');
    expect(feeRequest?.query.get('excludeTotalDataChart')).toBe('true');
  });

  it('reports the plain-text 400 errors and 500s', async () => {
    api.override('/tvl/*', {
      status: 400,
      body: readFixture('defillama/error-400-protocol-not-found.schema-derived.txt'),
    });
    api.override('/summary/fees/*', {
      status: 500,
      body: 'Internal Error',
      headers: { 'content-type': 'text/plain' },
    });
    const result = await defillama().poll();
    expect(result.samples).toEqual([]);
    const reasons = result.failures.map((failure) => failure.reason);
    expect(reasons).toContain('HTTP 400: Protocol not found');
    expect(reasons).toContain('HTTP 500: Internal Error');
  });

  it('reads total30d when the server sends it', async () => {
    const summary = JSON.parse(readFixture('defillama/summary-fees.json'));
    api.override('/summary/fees/*', { body: JSON.stringify({ ...summary, total30d: 120_000_000 }) });
    const result = await defillama().poll();
    expect(values(result)['defi.revenue.usd_30d{akash-network}']).toBe(120_000_000);
  });
});

describe('backfill of the last week', () => {
  it('reads CoinGecko market charts (timestamps in milliseconds) for every coin', async () => {
    const result = await coingecko().backfill!();
    expect(result.failures).toEqual([]);
    expect(result.samples).toHaveLength(6 * 4);
    const akt = result.samples.filter((sample) => sample.metric === 'token.price_usd{akash-network}');
    expect(akt.map((sample) => [sample.observedAt.toISOString(), sample.value])).toEqual([
      [new Date(1779027899041).toISOString(), 77953.82550382407],
      [new Date(1779028199661).toISOString(), 78052.87543398788],
    ]);
    expect(api.requests[0]?.path).toBe('/api/v3/coins/akash-network/market_chart');
    expect(api.requests[0]?.query.get('days')).toBe('7');
  });

  it('stops asking CoinGecko for more coins once it is rate limited', async () => {
    api.override('/api/v3/coins/*', {
      status: 429,
      body: readFixture('coingecko/error-429.json'),
      headers: { 'retry-after': '60' },
    });
    const result = await coingecko().backfill!();
    expect(result.samples).toEqual([]);
    expect(result.failures).toHaveLength(1);
    expect(api.requests).toHaveLength(1);
  });

  it('reads the Akash daily graph series in catalogue units', async () => {
    const result = await akash().backfill!();
    expect(result.failures).toEqual([]);
    const spend = result.samples.filter((sample) => sample.metric === 'akash.spend.usd_24h');
    expect(spend.map((sample) => [sample.observedAt.toISOString().slice(0, 10), sample.value])).toEqual([
      ['2026-07-30', 6900],
      ['2026-07-31', 7200],
      ['2026-08-01', 7500],
    ]);
    expect(api.requests.map((request) => request.path)).toContain('/v1/graph-data/activeLeaseCount');
  });
});

describe('replay source data', () => {
  it('is dated: the last point of every series is at the snapshot end', () => {
    const data = loadReplayFile();
    const samples = replaySamples(data);
    const last = samples.filter((sample) => sample.metric === 'akash.gpu.total').at(-1);
    expect(last?.observedAt.toISOString()).toBe(data.snapshotEnd);
    expect(Object.keys(data.series).length).toBeGreaterThanOrEqual(15);
    expect(samples.every((sample) => Number.isFinite(sample.value) && sample.value >= 0)).toBe(true);
  });
});
