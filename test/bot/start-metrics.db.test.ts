import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsConfig } from '../../bot/config.ts';
import type { Database } from '../../db/database.ts';
import { createAlertStore } from '../../metrics/alerts/alert-store.ts';
import { parseAlertRule } from '../../metrics/alerts/alert-rules.ts';
import { startMetrics } from '../../bot/start-metrics.ts';
import { startFakeMetricsApi, type FakeMetricsApi } from '../fakes/metrics-api-server.ts';
import { createRecordingAdapter, waitFor } from '../fakes/recording-adapter.ts';
import { testEngines } from '../fakes/test-db.ts';

const logger = pino({ level: 'silent' });
let api: FakeMetricsApi;
beforeAll(async () => {
  api = await startFakeMetricsApi();
});
afterAll(() => api.close());

function settings(mode: 'replay' | 'live'): MetricsConfig {
  return {
    mode,
    akashApiUrl: api.url,
    coingeckoApiUrl: `${api.url}/api/v3`,
    defillamaApiUrl: api.url,
    timeoutMs: 2_000,
    sendRatePerSecond: 50,
    sendConcurrency: 4,
  };
}

describe.each(testEngines())('startMetrics on $name', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(() => db.close());

  it('works offline in replay mode and says the figures are sample data', async () => {
    const metrics = await startMetrics({
      db,
      config: { metrics: settings('replay') },
      logger,
      adapters: [],
      tickMs: 100,
    });
    try {
      // The first poll has stored the whole bundled series once its health row says so.
      await waitFor(
        async () =>
          (
            await db.query(
              `SELECT 1 FROM metric_source_health WHERE source = 'replay' AND last_success_at IS NOT NULL`,
            )
          ).length > 0,
      );
      const answer = await metrics.answerFromMetrics('AKT price');
      expect(answer?.text).toMatch(/^AKT price: \$1\.23 /);
      expect(answer?.sampleData).toBe(true);
    } finally {
      await metrics.stop();
    }
  });

  it('polls the live APIs, evaluates a rule on the new sample and posts the alert once', async () => {
    const adapter = createRecordingAdapter('discord');
    const parsed = parseAlertRule('akash.gpu.total above 2000');
    if (!parsed.ok) throw new Error(parsed.reason);
    await createAlertStore(db).create({
      ...parsed.value,
      channel: { platform: 'discord', chatId: '998877' },
      scope: 'channel',
      createdBy: 'mod',
    });
    const metrics = await startMetrics({
      db,
      config: { metrics: settings('live') },
      logger,
      adapters: [adapter],
      tickMs: 100,
      chart: false,
    });
    try {
      await waitFor(() => adapter.sent.length >= 1);
      const answer = await metrics.answerFromMetrics('How many GPUs are on Akash right now?');
      expect(answer?.text).toMatch(/^Akash GPUs \(total\): 2,742 GPUs/);
      expect(answer?.sampleData).toBe(false);
      expect(answer?.sources[0]).toMatchObject({
        path: 'Akash Console API',
        url: 'https://stats.akash.network',
      });
    } finally {
      await metrics.stop();
    }
    expect(adapter.sent).toHaveLength(1);
    expect(adapter.sent[0]?.reply.blocks[0]).toMatch(
      /^🔔 Alert #\d+: Akash GPUs \(total\) rose above 2,000 GPUs$/,
    );
    const health = await db.query<{ source: string; degraded: boolean }>(
      'SELECT source, degraded FROM metric_source_health ORDER BY source',
    );
    expect(health).toEqual([
      { source: 'akash-console', degraded: false },
      { source: 'coingecko', degraded: false },
      { source: 'defillama', degraded: false },
      { source: 'replay', degraded: false },
    ]);
  });
});
