import type { ChatAdapter, Platform } from '../../chat/chat-adapter.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from 'pino';
import { createBatcher } from '../../delivery/batcher.ts';
import { recipientKey, type Delivery, type DeliveryLedger } from '../../delivery/delivery-ledger.ts';
import type { ComposeDigest } from './digest-data.ts';
import { dueRuns, parseScheduleKey, scheduleKey } from './digest-schedule.ts';
import { jobId, QUEUES, type JobQueue } from '../../delivery/jobs.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { Clock } from '../series/types.ts';

export interface FanOutData {
  schedule: string;
  localDate: string;
  dueAt: string;
}

export interface DigestSendData {
  subscriptionId: string;
  schedule: string;
  localDate: string;
  /** The chart of a digest whose platform sends it as a second message (see sendsImageSeparately). */
  part?: 'chart';
}

export interface DigestJobsDeps {
  db: Database;
  queue: Pick<JobQueue, 'insert'>;
  subscriptions: SubscriptionStore;
  ledger: DeliveryLedger;
  compose: ComposeDigest;
  adapterFor(platform: Platform): ChatAdapter | undefined;
  clock: Clock;
  logger: Logger;
  /** Sends per second the fan-out is spread over (the platform limit); a large fan-out takes longer. */
  fanOutRatePerSecond?: number;
}

const PAGE = 1000;
/** After the text: Telegram allows one message per second per chat (the send limiter counts 1,050 ms). */
const CHART_AFTER_SECONDS = 1.1;
/** Long enough to gather a few sends at 1,000/s, short against a send's permit. */
const LEDGER_LINGER_MS = 5;

export type DigestSendResult = 'sent' | 'already-sent' | 'not-subscribed' | 'unreachable';

export function createDigestJobs(deps: DigestJobsDeps) {
  const { db, queue, subscriptions, ledger, clock, logger } = deps;
  const rate = deps.fanOutRatePerSecond ?? 30;
  // At 1,000 sends/s a query per send per step was most of the work (measured: three round trips
  // per send). The sends of one fetched batch re-check their subscriptions in one query; ledger rows
  // of sends finishing within a few milliseconds go in one insert. Each send keeps its permit until
  // its own row is written, so a crash still repeats at most the sends in flight.
  const getForDelivery = createBatcher(subscriptions.getManyForDelivery);
  const record = createBatcher(
    async (deliveries: Delivery[]) => {
      await ledger.recordMany(deliveries);
      return deliveries.map(() => undefined);
    },
    { lingerMs: LEDGER_LINGER_MS },
  );

  /**
   * Creates the run of every schedule whose time has come (or passed within a day, for a process
   * that was down) and enqueues its fan-out in the same transaction: a run row exists iff its
   * fan-out job does, and a second planner (another process, a restart) finds the row and stops.
   */
  async function planDueRuns(): Promise<number> {
    const now = clock.now();
    let planned = 0;
    for (const schedule of await subscriptions.activeSchedules()) {
      const { localTime, timeZone } = parseScheduleKey(schedule);
      for (const run of dueRuns(localTime, timeZone, now)) {
        const created = await db.transaction(async (tx) => {
          const rows = await tx.query(
            `INSERT INTO digest_runs (schedule_key, local_date, due_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING 1`,
            [schedule, run.localDate, run.dueAt.toISOString()],
          );
          if (rows.length === 0) return false;
          const data: FanOutData = { schedule, localDate: run.localDate, dueAt: run.dueAt.toISOString() };
          await queue.insert(
            QUEUES.digestFanout,
            [{ id: jobId(`fanout:${schedule}:${run.localDate}`), data }],
            tx,
          );
          return true;
        });
        if (created) planned++;
      }
    }
    if (planned > 0) logger.info({ planned }, 'digest runs planned');
    return planned;
  }

  /**
   * One send job per recipient with a deterministic id (re-running the fan-out after a crash adds
   * nothing), spread over time at the platform rate so tens of thousands queue instead of failing.
   */
  async function fanOut(data: FanOutData): Promise<number> {
    const started = performance.now();
    let afterId = '0';
    let count = 0;
    for (;;) {
      const page = await subscriptions.recipients(data.schedule, new Date(data.dueAt), afterId, PAGE);
      if (page.length === 0) break;
      // Delays count from the start of the fan-out, not from this page's insert: the time spent
      // inserting pages otherwise stretches the spread (measured: 2 s over 20,000 at 1,000/s).
      const elapsed = (performance.now() - started) / 1000;
      const jobs = page.map((subscription, index) => ({
        id: jobId(`digest:${subscription.id}:${data.localDate}`),
        data: {
          subscriptionId: subscription.id,
          schedule: data.schedule,
          localDate: data.localDate,
        } satisfies DigestSendData,
        delaySeconds: Math.max(0, (count + index) / rate - elapsed),
      }));
      await queue.insert(QUEUES.digestSend, jobs);
      count += page.length;
      afterId = page.at(-1)!.id;
    }
    await db.query(
      'UPDATE digest_runs SET fanned_out_at = now(), recipients = $3 WHERE schedule_key = $1 AND local_date = $2',
      [data.schedule, data.localDate, count],
    );
    return count;
  }

  /** One recipient: subscription re-checked, ledger checked before and written right after the send. */
  async function sendDigest(
    data: DigestSendData,
    beforeSend: () => Promise<void> = async () => {},
  ): Promise<DigestSendResult> {
    const textItem = `digest:${data.localDate}`;
    const item = data.part === 'chart' ? `digest-chart:${data.localDate}` : textItem;
    const found = await getForDelivery({ id: data.subscriptionId, item });
    const subscription = found?.subscription;
    if (
      !subscription?.active ||
      scheduleKey(subscription.localTime, subscription.timeZone) !== data.schedule
    ) {
      return 'not-subscribed';
    }
    if (found?.delivered) return 'already-sent';
    const recipient = recipientKey(subscription.channel);
    const adapter = deps.adapterFor(subscription.channel.platform);
    if (!adapter) throw new Error(`no ${subscription.channel.platform} adapter running`);
    const composed = await deps.compose(subscription.networks, data.localDate, subscription.timeZone);
    let reply = composed;
    if (data.part === 'chart') {
      // The text goes first; until its ledger row exists, this waits (a retry a few seconds later).
      if (!(await ledger.has(recipient, textItem))) throw new Error('digest text not sent yet');
      if (!composed.image) return 'sent';
      reply = { blocks: [], sources: [], buttons: [], image: composed.image };
    } else if (composed.image && adapter.sendsImageSeparately?.(composed)) {
      // Two messages to one chat are a second apart: sent in one job, that second held a send permit
      // (a chart digest fan-out ran at its concurrency per second, 8/s, not 25/s). Queued before the
      // text goes, so a crash after the send cannot lose the chart.
      await queue.insert(QUEUES.digestSend, [
        {
          id: jobId(`digest-chart:${data.subscriptionId}:${data.localDate}`),
          data: { ...data, part: 'chart' } satisfies DigestSendData,
          delaySeconds: CHART_AFTER_SECONDS,
          // Ahead of the fan-out's later texts: each reader's digest is complete a second after it starts.
          priority: 1,
        },
      ]);
      reply = { ...composed, image: undefined };
    }
    await beforeSend();
    const outcome = await adapter.send(subscription.channel, reply);
    if (outcome.ok) {
      await record({ recipient, item, status: 'sent', messageIds: outcome.messageIds });
      return 'sent';
    }
    if (outcome.reason === 'unreachable') {
      // Unsubscribe first: a crash between the two writes must not leave a ledger entry that makes
      // the retry skip this recipient while the subscription stays active (seen in the crash test).
      await subscriptions.unsubscribe(subscription.channel, `unreachable: ${outcome.detail}`);
      await record({ recipient, item, status: 'unreachable' });
      logger.info({ subscription: subscription.id }, 'recipient unreachable; unsubscribed');
      return 'unreachable';
    }
    throw new Error(`transient send failure: ${outcome.detail}`);
  }

  return { planDueRuns, fanOut, sendDigest };
}

export type DigestJobs = ReturnType<typeof createDigestJobs>;
