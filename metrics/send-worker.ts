import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { QueueName } from './jobs.ts';

export interface SendWorkerOptions<T> {
  boss: PgBoss;
  queue: QueueName;
  /** Resolves when the job is done (sent, or nothing to do); throws to have pg-boss retry it later. */
  /**
   * `beforeSend` waits for this worker's next send slot: call it right before the platform call, so
   * the database work before it never bunches sends above the rate.
   */
  handle(job: { id: string; data: T }, beforeSend: () => Promise<void>): Promise<void>;
  /** Sends in flight at once: also the most a crash can duplicate. */
  concurrency: number;
  /** Waits for the next send slot; one limiter shared by every queue that posts with the same bot. */
  throttle: () => Promise<void>;
  logger: Logger;
  idleMs?: number;
}

export interface SendWorker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * A fetch loop over one pg-boss queue with a concurrency cap and a steady rate: a fan-out of tens
 * of thousands waits in Postgres and drains at the platform's pace instead of failing. (pg-boss's
 * own work() sleeps a polling interval between batches, which caps throughput well below 1,000/s.)
 */
export function createSendWorker<T>(options: SendWorkerOptions<T>): SendWorker {
  const { boss, queue, logger } = options;
  const maxIdleMs = options.idleMs ?? 500;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();
  const activeIds = new Set<string>();
  // Completed ids are marked in batches: a crash before the flush only makes pg-boss retry jobs
  // whose send the ledger already records, so nothing is sent twice for it.
  let completed: string[] = [];

  async function flushCompleted(): Promise<void> {
    if (completed.length === 0) return;
    const ids = completed;
    completed = [];
    await boss
      .complete(queue, ids)
      .catch((error: unknown) => logger.warn({ err: error, queue }, 'complete failed'));
  }

  async function runJob(job: PgBoss.Job<T>): Promise<void> {
    try {
      await options.handle({ id: job.id, data: job.data }, options.throttle);
      completed.push(job.id);
    } catch (error) {
      logger.warn({ err: error, job: job.id, queue }, 'send failed; pg-boss will retry');
      await boss.fail(queue, job.id, { message: (error as Error).message }).catch(() => {});
    }
  }

  async function run(): Promise<void> {
    let idleMs = 10;
    while (running) {
      if (completed.length >= 50) await flushCompleted();
      const free = options.concurrency - inFlight.size;
      let jobs: PgBoss.Job<T>[] = [];
      if (free > 0) {
        try {
          jobs = await boss.fetch<T>(queue, { batchSize: free });
        } catch (error) {
          logger.error({ err: error, queue }, 'fetching jobs failed');
        }
      }
      for (const job of jobs) {
        // pg-boss expired a job this process is still sending (a slow send, not a crash) and handed
        // it out again: leave the retry be; the first attempt completes the job.
        if (activeIds.has(job.id)) continue;
        activeIds.add(job.id);
        const task: Promise<void> = runJob(job).finally(() => {
          activeIds.delete(job.id);
          inFlight.delete(task);
          wake?.();
        });
        inFlight.add(task);
      }
      // Busy: poll again at once. Idle: back off from 10 ms up to maxIdleMs, so a fan-out whose jobs
      // become due one by one is followed closely while a quiet queue costs little.
      idleMs = jobs.length > 0 ? 10 : Math.min(idleMs * 2, maxIdleMs);
      const saturated = inFlight.size >= options.concurrency;
      if (jobs.length === 0 || saturated) {
        if (jobs.length === 0) await flushCompleted();
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (!saturated) setTimeout(resolve, idleMs).unref();
        });
        wake = undefined;
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.allSettled([...inFlight]);
      await flushCompleted();
    },
  };
}

/**
 * Evenly spaced slots at `ratePerSecond` (Telegram: about 30 messages/s per bot overall). No burst
 * credit builds up while idle, so no one-second window sees more than the rate.
 */
export function createThrottle(ratePerSecond: number): () => Promise<void> {
  const spacingMs = 1000 / ratePerSecond;
  let nextSlot = 0;
  return async () => {
    const now = performance.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacingMs;
    if (slot > now) await sleep(slot - now);
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
