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
  /** How long a send may stay active before another worker retries it (a crashed worker's jobs). */
  sendExpireSeconds?: number;
  /** First retry delay of a failed send (doubles each time). */
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
}

export interface JobQueue {
  readonly boss: PgBoss;
  /** Inserts jobs through `tx` (or the pool): with a transaction, the jobs exist iff it commits. */
  insert(name: QueueName, jobs: readonly JobToInsert[], tx?: Queryable): Promise<void>;
  stop(): Promise<void>;
}

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
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  const sendExpire = options.sendExpireSeconds ?? 120;
  const retryDelay = options.retryDelaySeconds ?? 30;
  const sendPolicy = { retryLimit: 20, retryDelay, retryBackoff: true, expireInSeconds: sendExpire };
  await ensureQueue(boss, QUEUES.alertDeliver, sendPolicy);
  await ensureQueue(boss, QUEUES.digestFanout, { retryLimit: 10, retryDelay, expireInSeconds: 600 });
  await ensureQueue(boss, QUEUES.digestSend, sendPolicy);
  return {
    boss,
    async insert(name, jobs, tx) {
      const rows = jobs.map((job) => ({
        id: job.id,
        name,
        data: job.data,
        ...(job.delaySeconds ? { startAfter: `${job.delaySeconds.toFixed(3)} seconds` } : {}),
      }));
      for (let start = 0; start < rows.length; start += 1000) {
        await boss.insert(rows.slice(start, start + 1000), tx ? { db: toBossDb(tx) } : {});
      }
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
