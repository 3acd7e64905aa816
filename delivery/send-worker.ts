import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { QueueName } from './jobs.ts';
import { createSemaphore } from '../lib/semaphore.ts';

export interface SendWorkerOptions<T> {
  boss: PgBoss;
  queue: QueueName;
  /**
   * Resolves when the job is done (sent, or nothing to do); throws to have pg-boss retry it later.
   * `beforeSend` waits for a send permit and this worker's next send slot: call it right before the
   * platform call, so the database work before it never bunches sends above the rate.
   */
  handle(job: { id: string; data: T }, beforeSend: () => Promise<void>): Promise<void>;
  /**
   * Sends in flight at once (a permit is taken right before the send and kept until the job ends):
   * also the most a crash can duplicate.
   */
  concurrency: number;
  /** Waits for the next send slot; one limiter shared by every queue that posts with the same bot. */
  throttle: () => Promise<void>;
  logger: Logger;
  /** Restarts the expiry of jobs still in hand (pg-boss would hand them to another worker). */
  touch?: (ids: string[]) => Promise<void>;
  /** How often `touch` runs; well under the queue's expiry. */
  heartbeatMs?: number;
  /** Longest wait between fetches of an empty queue. */
  idleMs?: number;
  /** Wait between fetches of a queue that has work but no backlog (jobs coming due one by one). */
  pollMs?: number;
}

export interface SendWorker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * A fetch loop over one pg-boss queue with a cap on sends in flight and a rate limit: a fan-out of
 * tens of thousands waits in Postgres and drains at the platform's pace instead of failing. (pg-boss's
 * own work() sleeps a polling interval between batches, which caps throughput well below 1,000/s.)
 */
export function createSendWorker<T>(options: SendWorkerOptions<T>): SendWorker {
  const { boss, queue, logger, concurrency } = options;
  const maxIdleMs = options.idleMs ?? 500;
  const pollMs = options.pollMs ?? 50;
  // Jobs in hand may outnumber the sends in flight: a job waiting for its permit has sent nothing, so
  // a crash cannot repeat it, and keeping some in hand means the throttle never waits for a fetch
  // (measured at 1,000/s: refilling only as sends finished left slots unused). A job waits at most
  // about maxJobs / rate for its turn: far below the send expiry.
  const maxJobs = 2 * concurrency;
  const permits = createSemaphore(concurrency);
  let running = false;
  let loop: Promise<void> | undefined;
  // A finished job wakes a loop waiting for room; stop() wakes any wait.
  let jobDone: (() => void) | undefined;
  let stopped: (() => void) | undefined;
  const inHand = new Set<Promise<void>>();
  const activeIds = new Set<string>();
  // Completed ids are marked in batches: a crash before the flush only makes pg-boss retry jobs
  // whose send the ledger already records, so nothing is sent twice for it. Each flush is an update
  // that costs about as much for 10 ids as for 200 (PGlite: ~10 ms), so batches are large, and at
  // most a second old so a slow queue's jobs never sit active until they expire.
  let completed: string[] = [];
  let firstCompletedAt = 0;

  async function flushCompleted(): Promise<void> {
    if (completed.length === 0) return;
    const ids = completed;
    completed = [];
    await boss
      .complete(queue, ids)
      .catch((error: unknown) => logger.warn({ err: error, queue }, 'complete failed'));
  }

  async function runJob(job: PgBoss.Job<T>): Promise<void> {
    let permitted = false;
    const beforeSend = async () => {
      if (!permitted) await permits.acquire();
      permitted = true;
      await options.throttle();
    };
    try {
      await options.handle({ id: job.id, data: job.data }, beforeSend);
      if (completed.length === 0) firstCompletedAt = performance.now();
      completed.push(job.id);
    } catch (error) {
      logger.warn({ err: error, job: job.id, queue }, 'send failed; pg-boss will retry');
      await boss.fail(queue, job.id, { message: (error as Error).message }).catch(() => {});
    } finally {
      if (permitted) permits.release();
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      stopped = resolve;
      setTimeout(resolve, ms).unref();
    });
  }

  async function untilInHandAtMost(count: number): Promise<void> {
    while (running && inHand.size > count) {
      await new Promise<void>((resolve) => (jobDone = stopped = resolve));
    }
  }

  async function run(): Promise<void> {
    let idleMs = pollMs;
    while (running) {
      if (completed.length >= 200 || performance.now() - firstCompletedAt > 1000) await flushCompleted();
      // Refill when half the room is free: one fetch (a scan of the queue) for a batch of sends.
      await untilInHandAtMost(Math.floor(maxJobs / 2));
      if (!running) break;
      const room = maxJobs - inHand.size;
      let jobs: PgBoss.Job<T>[] = [];
      try {
        jobs = await boss.fetch<T>(queue, { batchSize: room });
      } catch (error) {
        logger.error({ err: error, queue }, 'fetching jobs failed');
      }
      for (const job of jobs) {
        // pg-boss expired a job this process is still sending (a slow send, not a crash) and handed
        // it out again: leave the retry be; the first attempt completes the job.
        if (activeIds.has(job.id)) continue;
        activeIds.add(job.id);
        const task: Promise<void> = runJob(job).finally(() => {
          activeIds.delete(job.id);
          inHand.delete(task);
          jobDone?.();
        });
        inHand.add(task);
      }
      if (jobs.length === room) continue; // a backlog: fetch again once half the room is free
      if (jobs.length === 0) await flushCompleted();
      // Caught up. The jobs of a spread fan-out come due one by one: take what came due in pollMs
      // (measured: polling again at once fetched about one job per query, each a scan of the queue).
      // An empty queue backs off up to maxIdleMs, so a quiet queue costs little.
      idleMs = jobs.length > 0 ? pollMs : Math.min(idleMs * 2, maxIdleMs);
      await pause(idleMs);
    }
  }

  // The expiry is short so a crashed worker's jobs come back soon; a live worker keeps its own.
  let heartbeat: NodeJS.Timeout | undefined;
  function startHeartbeat(): void {
    const touch = options.touch;
    if (!touch) return;
    heartbeat = setInterval(() => {
      if (activeIds.size === 0) return;
      void touch([...activeIds]).catch((error: unknown) =>
        logger.warn({ err: error, queue }, 'job heartbeat failed; a slow send may be handed out again'),
      );
    }, options.heartbeatMs ?? 10_000);
    heartbeat.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
      startHeartbeat();
    },
    async stop() {
      running = false;
      clearInterval(heartbeat);
      stopped?.();
      await loop;
      await Promise.allSettled([...inHand]);
      await flushCompleted();
    },
  };
}

/**
 * At most `ratePerSecond` sends in any one-second window (Telegram: about 30 messages/s per bot
 * overall), never closer together than 0.8 of the even spacing. A send that starts late (a slow
 * write, a busy event loop) leaves room the next ones may use within the same second; evenly spaced
 * slots lost that time for good (measured at 1,000/s on a loaded machine: 0.88 of the rate).
 */
export function createThrottle(ratePerSecond: number): () => Promise<void> {
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  // The platform counts arrivals, which jitter by the network and its event loop: counted here over
  // 1,050 ms, the receiver never sees more than the rate in any second (measured: 1,000 ms let 31
  // of 30/s and 1,028 of 1,000/s arrive within one second).
  const windowMs = 1050;
  const minGapMs = 800 / ratePerSecond;
  // When each of the last `perWindow` sends was let go, oldest first: the next goes a second after it.
  const times = new Array<number>(perWindow).fill(-Infinity);
  let oldest = 0;
  let last = -Infinity;
  return async () => {
    const index = oldest;
    const now = performance.now();
    const slot = Math.max(now, last + minGapMs, times[index]! + windowMs);
    times[index] = last = slot;
    oldest = (oldest + 1) % perWindow;
    if (slot <= now) return;
    await sleep(slot - now);
    // A timer fires late on a busy event loop: count the send from when it really goes.
    times[index] = Math.max(times[index]!, performance.now());
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
