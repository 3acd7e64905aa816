import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { createPoller } from '../../../metrics/series/poller.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';
import { createSourceHealthStore } from '../../../metrics/series/source-health.ts';
import { createAkashConsoleSource } from '../../../metrics/series/sources/akash-console.ts';
import { createCoinGeckoSource } from '../../../metrics/series/sources/coingecko.ts';
import { createReplaySource, loadReplayFile } from '../../../metrics/series/sources/replay.ts';
import type { Sample } from '../../../metrics/series/types.ts';
import { readFixture, startFakeMetricsApi, type FakeMetricsApi } from '../../fakes/metrics-api-server.ts';
import { testEngines } from '../../fakes/test-db.ts';

const logger = pino({ level: 'silent' });
let api: FakeMetricsApi;
beforeAll(async () => {
  api = await startFakeMetricsApi();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

describe.each(testEngines())('poller on $name', (engine) => {
  let db: Database;
  let clockNow = new Date('2026-08-01T00:05:00.000Z');
  const clock = { now: () => clockNow };
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(() => db.close());

  function setup(onNewSamples?: (samples: Sample[]) => Promise<void>) {
    const store = createSeriesStore(db);
    const health = createSourceHealthStore(db);
    const akash = createAkashConsoleSource({ fetch, baseUrl: api.url, timeoutMs: 2_000, now: clock.now });
    const coingecko = createCoinGeckoSource({ fetch, baseUrl: `${api.url}/api/v3`, timeoutMs: 2_000 });
    const poller = createPoller({ sources: [akash, coingecko], store, health, clock, logger, onNewSamples });
    return { store, health, akash, coingecko, poller };
  }

  it('stores validated samples, hands only new ones on, and de-duplicates a repeat poll', async () => {
    const seen: Sample[][] = [];
    const { poller, akash, store, health } = setup(async (samples) => {
      seen.push(samples);
    });
    const first = await poller.pollSource(akash);
    expect(first.inserted).toBe(11);
    expect(first.failures).toEqual([]);
    expect(first.nextPollAt.getTime() - clockNow.getTime()).toBe(5 * 60_000);
    const second = await poller.pollSource(akash);
    expect(second.inserted).toBe(0);
    expect(seen).toHaveLength(1);
    expect((await store.latest('akash.gpu.total'))?.value).toBe(2742);
    expect(await health.get('akash-console')).toMatchObject({ degraded: false, failures: 0 });
  });

  it('marks a rate-limited source degraded, stores nothing and waits at least Retry-After', async () => {
    const { poller, coingecko, health } = setup();
    api.override('/api/v3/simple/price', {
      status: 429,
      body: readFixture('coingecko/error-429.json'),
      headers: { 'retry-after': '1800' },
    });
    const outcome = await poller.pollSource(coingecko);
    expect(outcome.inserted).toBe(0);
    expect(outcome.nextPollAt.getTime() - clockNow.getTime()).toBe(1_800_000);
    const state = await health.get('coingecko');
    expect(state?.degraded).toBe(true);
    expect(state?.reason).toMatch(/HTTP 429/);
  });

  it('backs off exponentially while a source keeps failing and recovers on success', async () => {
    const { poller, akash, health } = setup();
    for (const pathname of ['/v1/network-capacity', '/v1/dashboard-data', '/v1/gpu-prices']) {
      api.override(pathname, {
        status: 503,
        body: 'upstream down',
        headers: { 'content-type': 'text/plain' },
      });
    }
    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await poller.pollSource(akash);
      waits.push((outcome.nextPollAt.getTime() - clockNow.getTime()) / 60_000);
    }
    expect(waits).toEqual([10, 20, 40]);
    expect((await health.get('akash-console'))?.failures).toBe(3);
    api.reset();
    clockNow = new Date(clockNow.getTime() + 60_000);
    await poller.pollSource(akash);
    expect(await health.get('akash-console')).toMatchObject({ degraded: false, failures: 0 });
  });

  it('ticks only sources that are due', async () => {
    const { poller } = setup();
    clockNow = new Date('2026-08-02T00:00:00.000Z');
    const first = await poller.tick();
    expect(first.map((outcome) => outcome.source).sort()).toEqual(['akash-console', 'coingecko']);
    expect(await poller.tick()).toEqual([]);
  });

  it('stores a week of history at start without evaluating it against alert rules', async () => {
    const seen: Sample[][] = [];
    const { poller, store } = setup(async (samples) => {
      seen.push(samples);
    });
    expect(await poller.backfill()).toBeGreaterThan(20);
    expect(seen).toEqual([]);
    expect(
      (await store.series('akash.spend.usd_24h', new Date('2026-07-29'), new Date('2026-08-02'))).length,
    ).toBe(3);
  });

  it('loads the bundled replay series once', async () => {
    const store = createSeriesStore(db);
    const replay = createReplaySource(loadReplayFile());
    const poller = createPoller({
      sources: [replay],
      store,
      health: createSourceHealthStore(db),
      clock,
      logger,
    });
    const first = await poller.pollSource(replay);
    expect(first.inserted).toBeGreaterThan(15 * 100);
    expect((await poller.pollSource(replay)).inserted).toBe(0);
    const latest = await store.latest('defi.revenue.usd_30d{akash-network}');
    expect(latest).toMatchObject({ value: 742_000, source: 'replay' });
    expect(latest?.observedAt.toISOString()).toBe('2026-04-22T12:00:00.000Z');
  });
});
