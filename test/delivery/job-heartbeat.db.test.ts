import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createJobQueue, jobId, QUEUES, type JobQueue } from '../../delivery/jobs.ts';
import { createSendWorker, type SendWorker } from '../../delivery/send-worker.ts';
import { testEngines } from '../fakes/test-db.ts';

const logger = pino({ level: 'silent' });
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
});

function worker(queue: JobQueue, handled: string[], handleMs: number, heartbeat: boolean): SendWorker {
  return createSendWorker<{ n: number }>({
    boss: queue.boss,
    queue: QUEUES.digestSend,
    concurrency: 2,
    throttle: async () => {},
    logger,
    ...(heartbeat
      ? { touch: (ids) => queue.touch(QUEUES.digestSend, ids), heartbeatMs: queue.heartbeatMs }
      : {}),
    handle: async (job, beforeSend) => {
      await beforeSend();
      handled.push(job.id);
      await new Promise((resolve) => setTimeout(resolve, handleMs));
    },
  });
}

describe.each(testEngines())('the send expiry with a heartbeat ($name)', (engine) => {
  let db: Database;
  let queue: JobQueue;

  beforeAll(async () => {
    db = await engine.open();
    open.push(db);
    queue = await createJobQueue({
      db,
      logger,
      sendExpireSeconds: 2,
      maintenanceIntervalSeconds: 1,
      retryDelaySeconds: 1,
    });
    open.push({ close: () => queue.stop() });
  });

  it(
    'never hands a job that is still being sent to a second worker, though the send outlasts the expiry',
    { timeout: 90_000 },
    async () => {
      const slow: string[] = [];
      const other: string[] = [];
      const first = worker(queue, slow, 6_000, true);
      first.start();
      await queue.insert(QUEUES.digestSend, [{ id: jobId('heartbeat:1'), data: { n: 1 } }]);
      while (slow.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const second = worker(queue, other, 0, true);
      second.start();
      // Three expiries and several maintenance passes: without the heartbeat the second worker gets the job.
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      await Promise.all([first.stop(), second.stop()]);
      expect(slow).toEqual([jobId('heartbeat:1')]);
      expect(other).toEqual([]);
    },
  );

  it(
    'hands a job whose worker stopped touching it (a crash) to another worker within seconds',
    { timeout: 90_000 },
    async () => {
      const crashed: string[] = [];
      const other: string[] = [];
      // No heartbeat and a send that never ends in time: what a SIGKILLed worker leaves behind.
      const dead = worker(queue, crashed, 8_000, false);
      dead.start();
      await queue.insert(QUEUES.digestSend, [{ id: jobId('heartbeat:2'), data: { n: 2 } }]);
      while (crashed.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const rescuer = worker(queue, other, 0, true);
      rescuer.start();
      const started = Date.now();
      while (other.length === 0 && Date.now() - started < 40_000)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await rescuer.stop();
      expect(other).toEqual([jobId('heartbeat:2')]);
      await dead.stop();
    },
  );
});
