import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { answerFromMetrics, type MetricAnswerDeps } from '../../../metrics/series/metric-answer.ts';
import { buildMetricsOverview } from '../../../metrics/series/metrics-overview.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';
import { loadReplayFile, replaySamples } from '../../../metrics/series/sources/replay.ts';
import { testEngines } from '../../fakes/test-db.ts';

describe.each(testEngines())('metric answers on $name', (engine) => {
  let db: Database;
  let deps: MetricAnswerDeps;
  let now = new Date('2026-11-27T12:00:00.000Z');
  beforeAll(async () => {
    db = await engine.open();
    const store = createSeriesStore(db);
    await store.insertSamples(replaySamples(loadReplayFile()), now);
    deps = {
      store,
      clock: { now: () => now },
      staleAfterMs: () => 15 * 60_000,
      degradedReason: async () => 'HTTP 429: rate limited',
    };
  });
  afterAll(() => db.close());

  it('answers with value, 24 h and 7 d change, time and source, and says it is sample data', async () => {
    const answer = await answerFromMetrics('How many GPUs are on Akash right now?', deps);
    expect(answer?.text).toMatch(
      /^Akash GPUs \(total\): 247 GPUs \(24 h [+−±][\d.]+ %, 7 d \+[\d.]+ %\), observed 2026-04-22 12:00 UTC \[1\]/,
    );
    expect(answer?.text).toContain('Sample data');
    expect(answer?.sampleData).toBe(true);
    expect(answer?.stale).toBe(false);
    expect(answer?.sources).toEqual([
      expect.objectContaining({
        n: 1,
        kind: 'metric',
        date: '2026-04-22T12:00:00.000Z',
        path: expect.stringMatching(/sample/),
      }),
    ]);
  });

  it('answers a price and a comparison', async () => {
    expect((await answerFromMetrics('AKT price', deps))?.text).toMatch(/^AKT price: \$1\.23 /);
    const compare = await answerFromMetrics('compare Render and Akash', deps);
    expect(compare?.readings.map((reading) => reading.metric.network)).toEqual([
      'render',
      'akash',
      'render',
      'akash',
      'akash',
    ]);
    expect(compare?.sources).toHaveLength(5);
  });

  it('returns nothing for questions that are not numeric', async () => {
    expect(await answerFromMetrics('What is Akash?', deps)).toBeUndefined();
  });

  it('shows an old live value as stale with the failing source, never as current', async () => {
    const store = createSeriesStore(db);
    await store.insertSamples(
      [
        {
          metric: 'akash.leases.active',
          value: 900,
          observedAt: new Date('2026-11-27T10:00:00Z'),
          source: 'akash-console',
        },
      ],
      now,
    );
    const answer = await answerFromMetrics('how many active leases does akash have', deps);
    expect(answer?.stale).toBe(true);
    expect(answer?.text).toMatch(
      /STALE: last observed 2026-11-27 10:00 UTC \(2 h ago\), not current; the source is failing \(HTTP 429/,
    );
    now = new Date('2026-11-27T10:05:00.000Z');
    const fresh = await answerFromMetrics('how many active leases does akash have', deps);
    expect(fresh?.stale).toBe(false);
    expect(fresh?.sampleData).toBe(false);
    now = new Date('2026-11-27T12:00:00.000Z');
  });

  it('builds the /metrics table and a separate chart image', async () => {
    const overview = await buildMetricsOverview('render', deps);
    expect(overview.text.blocks[0]).toMatch(/^Render: latest metrics\n• RENDER price: \$3\.45 · 24 h/);
    expect(overview.text.blocks.join('\n')).toContain('Sample data');
    expect(overview.chart?.image?.png.slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(overview.chart?.image?.alt).toContain('RENDER price');
  });

  it('sends the /metrics table without the chart when the chart cannot be drawn', async () => {
    const failures: unknown[] = [];
    const broken = {
      ...deps,
      store: {
        ...deps.store,
        series: () => Promise.reject(new Error('series unavailable')),
      },
    };
    const overview = await buildMetricsOverview('render', broken, (error) => failures.push(error));
    expect(overview.text.blocks[0]).toMatch(/^Render: latest metrics\n/);
    expect(overview.chart).toBeUndefined();
    expect(failures).toEqual([new Error('series unavailable')]);
  });
});
