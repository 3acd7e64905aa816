import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.ts';

export const QUEUES = {
  alertDeliver: 'metrics-alert-deliver',
  digestFanout: 'metrics-digest-fanout',
  digestSend: 'metrics-digest-send',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobQueueOptions {
  db: Database;
  logger: Logger;
  /**
   * How long a send may stay active without a heartbeat before another worker retries it: the wait
   * for the jobs a crashed (SIGKILLed) worker had in hand. Live workers touch their jobs every
   * SEND_HEARTBEAT_SECONDS, so a slow send (a 429 wait) is never handed out twice.
   */
  sendExpireSeconds?: number;
  /** First retry delay of a failed or expired send (doubles each time, with jitter). */
  retryDelaySeconds?: number;
  /** pg-boss supervision cadence; expired jobs are noticed this often. */
  maintenanceIntervalSeconds?: number;
  schema?: string;
}

export interface JobToInsert {
  id: string;
  data: object;
  /** Not before this many seconds from now (database time); spreads a large fan-out over time. */
  delaySeconds?: number;
  /** Higher goes first among jobs that are due (pg-boss default 0). */
  priority?: number;
}

export interface JobQueue {
  readonly boss: PgBoss;
  /** Inserts jobs through `tx` (or the pool): with a transaction, the jobs exist iff it commits. */
  insert(name: QueueName, jobs: readonly JobToInsert[], tx?: Queryable): Promise<void>;
  /** How often a worker touches its jobs in hand: a third of the send expiry, room for a slow touch. */
  readonly heartbeatMs: number;
  /** Heartbeat: restarts the expiry clock of jobs this process still works on. */
  touch(name: QueueName, ids: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Crash recovery: a SIGKILLed worker's sends go out again after at most expiry + one maintenance
 * pass + the first retry delay (15 + 5 + 2-4 s; measured by bench:digest D). Before the heartbeat it
 * was 120 s + 30 s + 30-60 s: 3-4 minutes, seen in the crash runs of issue 11. The cost: a heartbeat
 * update per worker every 5 s and pg-boss maintenance every 5 s (one process of all runs it).
 */
export const DEFAULT_JOB_TIMING = {
  sendExpireSeconds: 15,
  maintenanceIntervalSeconds: 5,
  retryDelaySeconds: 2,
};
/** pg-boss over our Database port, so it runs on PGlite (embedded) and on Postgres alike. */
export function toBossDb(db: Queryable & { exec?(sql: string): Promise<void> }): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: await db.query(text, values) };
      try {
        return { rows: (await db.query(text)) ?? [] };
      } catch (error) {
        // pg-boss sends multi-statement scripts without parameters (schema set-up); PGlite runs those via exec.
        if (!db.exec || !/multiple commands/i.test(String((error as Error).message))) throw error;
        await db.exec(text);
        return { rows: [] };
      }
    },
  };
}

/** A stable job id from a business key: the same key always maps to the same job (insert is a no-op). */
export function jobId(key: string): string {
  const hex = createHash('sha1').update(`depin-metrics:${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: toBossDb(options.db),
    schema: options.schema ?? 'pgboss',
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds:
      options.maintenanceIntervalSeconds ?? DEFAULT_JOB_TIMING.maintenanceIntervalSeconds,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  const sendExpire = options.sendExpireSeconds ?? DEFAULT_JOB_TIMING.sendExpireSeconds;
  const retryDelay = options.retryDelaySeconds ?? DEFAULT_JOB_TIMING.retryDelaySeconds;
  const schema = options.schema ?? 'pgboss';
  const sendPolicy = { retryLimit: 20, retryDelay, retryBackoff: true, expireInSeconds: sendExpire };
  await ensureQueue(boss, QUEUES.alertDeliver, sendPolicy);
  // A fan-out only inserts jobs with fixed ids: one that expires while still running (and is run
  // again) adds nothing, so its expiry is short too.
  await ensureQueue(boss, QUEUES.digestFanout, { retryLimit: 10, retryDelay, expireInSeconds: 120 });
  await ensureQueue(boss, QUEUES.digestSend, sendPolicy);
  return {
    boss,
    heartbeatMs: (sendExpire * 1000) / 3,
    async insert(name, jobs, tx) {
      const rows = jobs.map((job) => ({
        id: job.id,
        name,
        data: job.data,
        ...(job.delaySeconds ? { startAfter: `${job.delaySeconds.toFixed(3)} seconds` } : {}),
        ...(job.priority ? { priority: job.priority } : {}),
      }));
      for (let start = 0; start < rows.length; start += 1000) {
        await boss.insert(rows.slice(start, start + 1000), tx ? { db: toBossDb(tx) } : {});
      }
    },
    async touch(name, ids) {
      if (ids.length === 0) return;
      // pg-boss 10 has no heartbeat of its own; it expires an active job at started_on + expire_in.
      await options.db.query(
        `UPDATE ${schema}.job SET started_on = now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
        [name, ids],
      );
    },
    async stop() {
      await boss.stop({ graceful: false, close: false, wait: true, timeout: 2_000 });
    },
  };
}

/** Creates the queue, or brings its policy in line with this process's configuration. */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (error) {
      // Another process created it between the check and the create.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  await boss.updateQueue(name, { name, ...options });
}
