import type { Queryable } from '../../db/database.ts';
import type { Sample } from './types.ts';
import { REPLAY_SOURCE } from './sources/replay.ts';

export interface StoredSample extends Sample {
  fetchedAt: Date;
}

export interface SeriesPoint {
  at: Date;
  value: number;
}

export interface SeriesStore {
  /** Stores the samples and returns the ones that were new (duplicates are skipped). */
  insertSamples(samples: readonly Sample[], fetchedAt: Date): Promise<Sample[]>;
  latest(metric: string): Promise<StoredSample | undefined>;
  /** The last sample at or before `at`, if one is no older than `tolerance` ms before it. */
  valueAt(metric: string, at: Date, toleranceMs: number): Promise<StoredSample | undefined>;
  series(metric: string, from: Date, to: Date): Promise<SeriesPoint[]>;
  /** Rolls complete UTC days into metric_daily and deletes raw samples older than the retention (not the bundled replay series). */
  rollUp(now: Date, retentionDays?: number): Promise<{ days: number; deleted: number }>;
}

const BATCH = 1000;

interface SampleRow {
  metric: string;
  value: number;
  observed_at: Date | string;
  fetched_at: Date | string;
  source: string;
}

export function createSeriesStore(db: Queryable): SeriesStore {
  return {
    async insertSamples(samples, fetchedAt) {
      const inserted: Sample[] = [];
      for (let start = 0; start < samples.length; start += BATCH) {
        const batch = samples.slice(start, start + BATCH);
        const rows = await db.query<SampleRow>(
          `INSERT INTO metric_samples (metric, observed_at, source, value, fetched_at)
           SELECT m, o, s, v, $5 FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[]) AS t(m, o, s, v)
           ON CONFLICT DO NOTHING
           RETURNING metric, value, observed_at, fetched_at, source`,
          [
            batch.map((sample) => sample.metric),
            batch.map((sample) => sample.observedAt.toISOString()),
            batch.map((sample) => sample.source),
            batch.map((sample) => sample.value),
            fetchedAt.toISOString(),
          ],
        );
        inserted.push(...rows.map(toSample));
      }
      return inserted;
    },

    async latest(metric) {
      const rows = await db.query<SampleRow>(
        `SELECT metric, value, observed_at, fetched_at, source FROM metric_samples
          WHERE metric = $1 ORDER BY observed_at DESC, fetched_at DESC LIMIT 1`,
        [metric],
      );
      if (rows[0]) return toSample(rows[0]);
      const daily = await db.query<SampleRow>(
        `SELECT metric, last_value AS value, last_observed_at AS observed_at, last_observed_at AS fetched_at, source
           FROM metric_daily WHERE metric = $1 ORDER BY day DESC LIMIT 1`,
        [metric],
      );
      return daily[0] ? toSample(daily[0]) : undefined;
    },

    async valueAt(metric, at, toleranceMs) {
      const earliest = new Date(at.getTime() - toleranceMs).toISOString();
      const rows = await db.query<SampleRow>(
        `SELECT metric, value, observed_at, fetched_at, source FROM metric_samples
          WHERE metric = $1 AND observed_at <= $2 AND observed_at >= $3
          ORDER BY observed_at DESC LIMIT 1`,
        [metric, at.toISOString(), earliest],
      );
      if (rows[0]) return toSample(rows[0]);
      const daily = await db.query<SampleRow>(
        `SELECT metric, last_value AS value, last_observed_at AS observed_at, last_observed_at AS fetched_at, source
           FROM metric_daily WHERE metric = $1 AND last_observed_at <= $2 AND last_observed_at >= $3
          ORDER BY last_observed_at DESC LIMIT 1`,
        [metric, at.toISOString(), earliest],
      );
      return daily[0] ? toSample(daily[0]) : undefined;
    },

    async series(metric, from, to) {
      const rows = await db.query<{ at: Date | string; value: number }>(
        `SELECT observed_at AS at, value FROM metric_samples
          WHERE metric = $1 AND observed_at BETWEEN $2 AND $3
         UNION ALL
         SELECT last_observed_at AS at, last_value AS value FROM metric_daily d
          WHERE metric = $1 AND last_observed_at BETWEEN $2 AND $3
            AND NOT EXISTS (SELECT 1 FROM metric_samples s WHERE s.metric = d.metric
                              AND s.observed_at >= d.day AND s.observed_at < d.day + 1)
         ORDER BY at`,
        [metric, from.toISOString(), to.toISOString()],
      );
      return rows.map((row) => ({ at: new Date(row.at), value: Number(row.value) }));
    },

    async rollUp(now, retentionDays = 30) {
      const today = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
      ).toISOString();
      const days = await db.query(
        `INSERT INTO metric_daily (metric, day, source, min_value, max_value, avg_value, last_value, last_observed_at, samples)
         SELECT metric, (observed_at AT TIME ZONE 'UTC')::date, source, min(value), max(value), avg(value),
                (array_agg(value ORDER BY observed_at DESC))[1], max(observed_at), count(*)
           FROM metric_samples WHERE observed_at < $1
          GROUP BY metric, (observed_at AT TIME ZONE 'UTC')::date, source
         ON CONFLICT (metric, day, source) DO UPDATE SET
           min_value = excluded.min_value, max_value = excluded.max_value, avg_value = excluded.avg_value,
           last_value = excluded.last_value, last_observed_at = excluded.last_observed_at, samples = excluded.samples
         RETURNING 1`,
        [today],
      );
      const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
      // The bundled sample series is dated in the past on purpose: deleting it by age would leave the
      // offline default without its 24 h and 7 d changes after the first roll-up.
      const deleted = await db.query(
        'DELETE FROM metric_samples WHERE observed_at < $1 AND source <> $2 RETURNING 1',
        [cutoff, REPLAY_SOURCE],
      );
      return { days: days.length, deleted: deleted.length };
    },
  };
}

function toSample(row: SampleRow): StoredSample {
  return {
    metric: row.metric,
    value: Number(row.value),
    observedAt: new Date(row.observed_at),
    fetchedAt: new Date(row.fetched_at),
    source: row.source,
  };
}
