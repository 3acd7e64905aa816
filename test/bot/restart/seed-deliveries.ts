import { pino } from 'pino';
import type { Database } from '../../../db/database.ts';
import { createJobQueue, jobId, QUEUES, type JobQueue } from '../../../delivery/jobs.ts';
import { createAlertEngine } from '../../../metrics/alerts/alert-engine.ts';
import { parseAlertRule } from '../../../metrics/alerts/alert-rules.ts';
import { createAlertStore } from '../../../metrics/alerts/alert-store.ts';
import { dueRuns, scheduleKey } from '../../../metrics/digests/digest-schedule.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';

export interface SeededDeliveries {
  alertChat: string;
  digestChat: string;
}

/**
 * One fired alert and one digest send, queued in pg-boss to come due `delaySeconds` from now: what a
 * running bot has in its queues when Postgres restarts. The digest's run row is written too, so the
 * bot's planner does not plan (and send) the same run on its own before the restart.
 */
export async function seedDeliveries(db: Database, delaySeconds: number): Promise<SeededDeliveries> {
  const logger = pino({ level: 'silent' });
  const now = new Date();
  const alertChat = '-777002';
  const digestChat = '777001';
  const queue = await createJobQueue({ db, logger });
  const delayed: Pick<JobQueue, 'insert'> = {
    insert: (name, jobs, tx) =>
      queue.insert(
        name,
        jobs.map((job) => ({ ...job, delaySeconds })),
        tx,
      ),
  };
  try {
    // A threshold the bundled replay data never reaches, so only this sample fires the rule.
    const parsed = parseAlertRule('akash.gpu.total above 1000000');
    if (!parsed.ok) throw new Error(parsed.reason);
    const rules = createAlertStore(db);
    await rules.create({
      ...parsed.value,
      channel: { platform: 'telegram', chatId: alertChat },
      scope: 'channel',
      createdBy: 'mod',
    });
    const store = createSeriesStore(db);
    const sample = { metric: 'akash.gpu.total', value: 2_000_000, observedAt: now, source: 'akash-console' };
    await store.insertSamples([sample], now);
    const engine = createAlertEngine({ db, rules, store, queue: delayed, clock: { now: () => now }, logger });
    if ((await engine.onNewSamples([sample])) !== 1) throw new Error('the seeded alert did not fire');

    const localTime = new Date(now.getTime() - 3_600_000).toISOString().slice(11, 16);
    const [subscription] = await db.query<{ id: string }>(
      `INSERT INTO subscriptions (platform, chat_id, created_by, local_time, timezone, updated_at)
       VALUES ('telegram', $1, 'user-digest', $2, 'UTC', $3) RETURNING id::text AS id`,
      [digestChat, localTime, new Date(now.getTime() - 86_400_000).toISOString()],
    );
    const schedule = scheduleKey(localTime, 'UTC');
    const runs = dueRuns(localTime, 'UTC', now);
    for (const run of runs) {
      await db.query(
        'INSERT INTO digest_runs (schedule_key, local_date, due_at, fanned_out_at, recipients) VALUES ($1, $2, $3, now(), 1)',
        [schedule, run.localDate, run.dueAt.toISOString()],
      );
    }
    const localDate = runs.at(-1)!.localDate;
    await delayed.insert(QUEUES.digestSend, [
      {
        id: jobId(`digest:${subscription!.id}:${localDate}`),
        data: { subscriptionId: subscription!.id, schedule, localDate },
      },
    ]);
    return { alertChat, digestChat };
  } finally {
    await queue.stop();
  }
}
