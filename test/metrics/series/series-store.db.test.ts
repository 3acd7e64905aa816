import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { createSeriesStore, type SeriesStore } from '../../../metrics/series/series-store.ts';
import { createSourceHealthStore } from '../../../metrics/series/source-health.ts';
import { testEngines } from '../../fakes/test-db.ts';

const HOUR = 3_600_000;
const base = Date.parse('2026-04-01T00:00:00.000Z');
const at = (hours: number) => new Date(base + hours * HOUR);

describe.each(testEngines())('series store on $name', (engine) => {
  let db: Database;
  let store: SeriesStore;
  beforeAll(async () => {
    db = await engine.open();
    store = createSeriesStore(db);
  });
  afterAll(() => db.close());

  it('stores samples once and reports only the new ones', async () => {
    const samples = [0, 1, 2].map((hour) => ({
      metric: 'x.dedupe',
      value: hour,
      observedAt: at(hour),
      source: 's',
    }));
    expect(await store.insertSamples(samples, at(3))).toHaveLength(3);
    const again = await store.insertSamples([...samples, { ...samples[0]!, observedAt: at(4) }], at(5));
    expect(again).toHaveLength(1);
    expect(again[0]?.observedAt.toISOString()).toBe(at(4).toISOString());
    const latest = await store.latest('x.dedupe');
    expect(latest).toMatchObject({ value: 0, source: 's' });
    expect(latest?.fetchedAt.toISOString()).toBe(at(5).toISOString());
  });

  it('finds the value at a past time within a tolerance', async () => {
    const samples = Array.from({ length: 48 }, (_, hour) => ({
      metric: 'x.lookup',
      value: 100 + hour,
      observedAt: at(hour),
      source: 's',
    }));
    await store.insertSamples(samples, at(48));
    expect((await store.valueAt('x.lookup', at(23.5), HOUR))?.value).toBe(123);
    expect(await store.valueAt('x.lookup', at(-5), HOUR)).toBeUndefined();
    const series = await store.series('x.lookup', at(10), at(12));
    expect(series.map((point) => point.value)).toEqual([110, 111, 112]);
  });

  it('rolls complete days up and deletes raw samples past retention, keeping answers from roll-ups', async () => {
    const samples = Array.from({ length: 72 }, (_, hour) => ({
      metric: 'x.rollup',
      value: hour,
      observedAt: at(hour),
      source: 's',
    }));
    await store.insertSamples(samples, at(72));
    const now = new Date(base + 40 * 86_400_000);
    const result = await store.rollUp(now, 30);
    expect(result.days).toBeGreaterThanOrEqual(3);
    expect(await store.series('x.rollup', at(0), at(80))).toEqual([
      { at: at(23), value: 23 },
      { at: at(47), value: 47 },
      { at: at(71), value: 71 },
    ]);
    const daily = await db.query<{ min_value: number; max_value: number; samples: number }>(
      `SELECT min_value, max_value, samples FROM metric_daily WHERE metric = 'x.rollup' ORDER BY day`,
    );
    expect(daily.map((row) => [Number(row.min_value), Number(row.max_value), Number(row.samples)])).toEqual([
      [0, 23, 24],
      [24, 47, 24],
      [48, 71, 24],
    ]);
    expect((await store.latest('x.rollup'))?.value).toBe(71);
    expect((await store.valueAt('x.rollup', at(48), 2 * HOUR))?.value).toBe(47);
  });

  it('keeps the bundled replay series whole: it is dated in the past on purpose', async () => {
    const samples = [0, 24, 48].map((hour) => ({
      metric: 'x.replay',
      value: hour,
      observedAt: at(hour),
      source: 'replay',
    }));
    await store.insertSamples(samples, at(72));
    await store.rollUp(new Date(base + 40 * 86_400_000), 30);
    expect((await store.valueAt('x.replay', at(24), 0))?.value).toBe(24);
    const raw = await db.query(`SELECT 1 FROM metric_samples WHERE metric = 'x.replay'`);
    expect(raw).toHaveLength(3);
  });

  it('lets exactly one of several processes claim a due poll', async () => {
    const health = createSourceHealthStore(db);
    const now = at(0);
    const claims = await Promise.all([1, 2, 3, 4].map(() => health.claim('claim-test', now, 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await health.claim('claim-test', new Date(now.getTime() + 61_000), 60_000)).toBe(true);
  });
});
