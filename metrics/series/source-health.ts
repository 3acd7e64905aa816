import type { Queryable } from '../../db/database.ts';

export interface SourceHealth {
  source: string;
  degraded: boolean;
  reason?: string;
  failures: number;
  lastSuccessAt?: Date;
  nextPollAt: Date;
}

export interface SourceHealthStore {
  /**
   * Claims a due poll: moves next_poll_at forward by the lease only if it is due, so of several
   * processes ticking at once exactly one polls.
   */
  claim(source: string, now: Date, leaseMs: number): Promise<boolean>;
  recordSuccess(source: string, now: Date, nextPollAt: Date): Promise<void>;
  recordFailure(source: string, now: Date, reason: string, nextPollAt: Date): Promise<number>;
  get(source: string): Promise<SourceHealth | undefined>;
  list(): Promise<SourceHealth[]>;
}

interface HealthRow {
  source: string;
  degraded: boolean;
  reason: string | null;
  failures: number;
  last_success_at: Date | string | null;
  next_poll_at: Date | string;
}

export function createSourceHealthStore(db: Queryable): SourceHealthStore {
  return {
    async claim(source, now, leaseMs) {
      await db.query(
        `INSERT INTO metric_source_health (source, next_poll_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [source, now.toISOString()],
      );
      const rows = await db.query(
        `UPDATE metric_source_health SET next_poll_at = $3, last_attempt_at = $2
          WHERE source = $1 AND next_poll_at <= $2 RETURNING 1`,
        [source, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()],
      );
      return rows.length === 1;
    },
    async recordSuccess(source, now, nextPollAt) {
      await db.query(
        `INSERT INTO metric_source_health (source, last_success_at, last_attempt_at, next_poll_at)
         VALUES ($1, $2, $2, $3)
         ON CONFLICT (source) DO UPDATE SET degraded = false, reason = NULL, failures = 0,
           last_success_at = $2, next_poll_at = $3`,
        [source, now.toISOString(), nextPollAt.toISOString()],
      );
    },
    async recordFailure(source, now, reason, nextPollAt) {
      const rows = await db.query<{ failures: number }>(
        `INSERT INTO metric_source_health (source, degraded, reason, failures, last_attempt_at, next_poll_at)
         VALUES ($1, true, $2, 1, $4, $3)
         ON CONFLICT (source) DO UPDATE SET degraded = true, reason = $2,
           failures = metric_source_health.failures + 1, next_poll_at = $3
         RETURNING failures`,
        [source, reason.slice(0, 500), nextPollAt.toISOString(), now.toISOString()],
      );
      return Number(rows[0]?.failures ?? 1);
    },
    async get(source) {
      const rows = await db.query<HealthRow>('SELECT * FROM metric_source_health WHERE source = $1', [
        source,
      ]);
      return rows[0] ? toHealth(rows[0]) : undefined;
    },
    async list() {
      const rows = await db.query<HealthRow>('SELECT * FROM metric_source_health ORDER BY source');
      return rows.map(toHealth);
    },
  };
}

function toHealth(row: HealthRow): SourceHealth {
  return {
    source: row.source,
    degraded: row.degraded,
    reason: row.reason ?? undefined,
    failures: Number(row.failures),
    lastSuccessAt: row.last_success_at ? new Date(row.last_success_at) : undefined,
    nextPollAt: new Date(row.next_poll_at),
  };
}
