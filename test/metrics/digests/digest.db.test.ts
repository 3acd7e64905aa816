import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { textReply } from '../../../chat/reply.ts';
import { createDeliveryLedger } from '../../../delivery/delivery-ledger.ts';
import { createDigestComposer } from '../../../metrics/digests/digest-data.ts';
import {
  createDigestJobs,
  type DigestSendData,
  type FanOutData,
} from '../../../metrics/digests/digest-jobs.ts';
import { createJobQueue, QUEUES, type JobQueue, type JobToInsert } from '../../../delivery/jobs.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';
import { loadReplayFile, replaySamples } from '../../../metrics/series/sources/replay.ts';
import { createSubscriptionStore } from '../../../metrics/digests/subscription-store.ts';
import { createRecordingAdapter } from '../../fakes/recording-adapter.ts';
import { testEngines } from '../../fakes/test-db.ts';

const logger = pino({ level: 'silent' });

describe.each(testEngines())('digests on $name', (engine) => {
  let db: Database;
  let queue: JobQueue;
  const now = new Date('2026-05-02T06:00:00Z');
  const clock = { now: () => now };
  beforeAll(async () => {
    db = await engine.open();
    queue = await createJobQueue({ db, logger });
    await createSeriesStore(db).insertSamples(replaySamples(loadReplayFile()), now);
  });
  afterAll(async () => {
    await queue.stop();
    await db.close();
  });

  function setup() {
    const subscriptions = createSubscriptionStore(db);
    const adapter = createRecordingAdapter('telegram');
    const store = createSeriesStore(db);
    const compose = createDigestComposer({ db, store, clock, staleAfterMs: () => 15 * 60_000, chart: true });
    const jobs = createDigestJobs({
      db,
      queue,
      subscriptions,
      ledger: createDeliveryLedger(db),
      compose,
      adapterFor: () => adapter,
      clock,
      logger,
      fanOutRatePerSecond: 1000,
    });
    return { subscriptions, adapter, jobs, compose };
  }

  async function drain<T>(name: string, handle: (data: T) => Promise<unknown>): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await queue.boss.fetch<T>(name, { batchSize: 100, ignoreStartAfter: true });
      if (batch.length === 0) return handled;
      for (const job of batch) {
        await handle(job.data);
        await queue.boss.complete(name, job.id);
        handled++;
      }
    }
  }

  it('plans a run once per schedule and local date, fans out to every subscriber once, in id order', async () => {
    const { subscriptions, jobs, adapter } = setup();
    const yesterday = new Date(now.getTime() - 86_400_000);
    // More than nine subscribers: a past bug ordered ids as text ("10" < "9") and fanned out twice.
    for (let i = 1; i <= 12; i++) {
      await subscriptions.upsert(
        {
          channel: { platform: 'telegram', chatId: `berlin-${i}` },
          createdBy: `u${i}`,
          localTime: '07:30',
          timeZone: 'Europe/Berlin',
          networks: ['akash'],
        },
        yesterday,
      );
    }
    expect(await jobs.planDueRuns()).toBe(1); // 07:30 Berlin = 05:30 UTC, half an hour ago
    expect(await jobs.planDueRuns()).toBe(0);
    expect(await drain<FanOutData>(QUEUES.digestFanout, (data) => jobs.fanOut(data))).toBe(1);
    const runs = await db.query<{ recipients: number }>(
      `SELECT recipients FROM digest_runs WHERE schedule_key = '07:30@Europe/Berlin'`,
    );
    expect(runs.map((run) => Number(run.recipients))).toEqual([12]);
    expect(await drain<DigestSendData>(QUEUES.digestSend, (data) => jobs.sendDigest(data))).toBe(12);
    expect(adapter.sent.map((message) => message.channel.chatId).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `berlin-${i + 1}`).sort(),
    );
  });

  it('builds the digest: metrics with changes, alerts, the advice line, sources and a chart', async () => {
    const { compose } = setup();
    await db.query(
      `INSERT INTO alert_rules (id, platform, chat_id, scope, created_by, metric, condition, cooldown_seconds, rearm_margin)
       VALUES (9001, 'telegram', 'x', 'channel', 'm', 'akash.gpu.total', '{"kind":"above","value":1}', 0, 0)`,
    );
    await db.query(
      `INSERT INTO alert_events (rule_id, event_key, metric, summary, created_at) VALUES (9001, 'k1', 'akash.gpu.total', 'Akash GPUs (total) rose above 1 GPUs', $1)`,
      [new Date(now.getTime() - 3_600_000).toISOString()],
    );
    const reply = await compose(['akash'], '2026-05-02', 'Europe/Berlin');
    const text = reply.blocks.join('\n\n');
    expect(reply.blocks[0]).toBe('Daily DePIN digest for 2026-05-02 (Europe/Berlin): Akash');
    expect(text).toMatch(/• Akash GPUs \(total\): 247 GPUs · 24 h [+−±][\d.]+ % · 7 d \+[\d.]+ % \[\d\]/);
    expect(text).toContain(
      'Alerts in the last 24 h\n• 2026-05-02 05:00 UTC: Akash GPUs (total) rose above 1 GPUs',
    );
    expect(text).toContain('Sample data');
    expect(reply.blocks.at(-1)).toMatch(/^Not financial advice/);
    expect(reply.sources.every((source) => source.kind === 'metric')).toBe(true);
    expect(reply.image?.png.slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it('re-checks the subscription at send time and unsubscribes a user who blocked the bot', async () => {
    const { subscriptions, jobs, adapter } = setup();
    const channel = { platform: 'telegram' as const, chatId: 'blocker' };
    const subscription = await subscriptions.upsert(
      { channel, createdBy: 'u', localTime: '08:00', timeZone: 'UTC', networks: [] },
      new Date(now.getTime() - 86_400_000),
    );
    const data = { subscriptionId: subscription.id, schedule: '08:00@UTC', localDate: '2026-05-02' };
    adapter.behaviour = () => ({
      ok: false,
      reason: 'unreachable',
      detail: 'Forbidden: bot was blocked by the user',
    });
    expect(await jobs.sendDigest(data)).toBe('unreachable');
    expect((await subscriptions.get(channel))?.active).toBe(false);
    expect(await jobs.sendDigest(data)).toBe('not-subscribed');
    adapter.behaviour = () => ({ ok: true, messageIds: ['1'] });
    await subscriptions.upsert(
      { channel, createdBy: 'u', localTime: '08:00', timeZone: 'UTC', networks: [] },
      now,
    );
    // The ledger remembers the (unreachable) attempt for this date, so a re-subscribe that day sends nothing twice.
    expect(await jobs.sendDigest(data)).toBe('already-sent');
    // A schedule changed after the fan-out: the old schedule's job no longer applies.
    await subscriptions.upsert(
      { channel, createdBy: 'u', localTime: '10:00', timeZone: 'UTC', networks: [] },
      now,
    );
    expect(await jobs.sendDigest({ ...data, localDate: '2026-05-03' })).toBe('not-subscribed');
  });

  it('retries a transient failure instead of losing the digest', async () => {
    const { subscriptions, jobs, adapter } = setup();
    const channel = { platform: 'telegram' as const, chatId: 'flaky' };
    const subscription = await subscriptions.upsert(
      { channel, createdBy: 'u', localTime: '09:00', timeZone: 'UTC', networks: ['render'] },
      now,
    );
    const data = { subscriptionId: subscription.id, schedule: '09:00@UTC', localDate: '2026-05-02' };
    adapter.behaviour = () => ({ ok: false, reason: 'transient', detail: '429 Too Many Requests' });
    await expect(jobs.sendDigest(data)).rejects.toThrow(/transient/);
    adapter.behaviour = () => ({ ok: true, messageIds: ['7'] });
    expect(await jobs.sendDigest(data)).toBe('sent');
    expect(await jobs.sendDigest(data)).toBe('already-sent');
    expect(adapter.sent.filter((message) => message.channel.chatId === 'flaky')).toHaveLength(1);
  });
  it('sends the chart as its own job a second after the text where the platform would need two messages', async () => {
    const { subscriptions, jobs, adapter } = setup();
    adapter.sendsImageSeparately = (reply) => reply.image !== undefined && reply.blocks.length > 0;
    const channel = { platform: 'telegram' as const, chatId: 'charted' };
    const subscription = await subscriptions.upsert(
      { channel, createdBy: 'u', localTime: '07:00', timeZone: 'UTC', networks: [] },
      now,
    );
    const data = { subscriptionId: subscription.id, schedule: '07:00@UTC', localDate: '2026-05-02' };
    const chartData = { ...data, part: 'chart' as const };
    // A chart job that runs before its text went out waits (pg-boss retries it).
    await expect(jobs.sendDigest(chartData)).rejects.toThrow(/text not sent yet/);
    expect(await jobs.sendDigest(data)).toBe('sent');
    const [queued] = await db.query<{ data: { part?: string }; due_in: number; priority: number }>(
      `SELECT data, extract(epoch FROM start_after - now())::float AS due_in, priority FROM pgboss.job
        WHERE name = $1 AND data->>'subscriptionId' = $2 AND data->>'part' = 'chart'`,
      [QUEUES.digestSend, subscription.id],
    );
    expect(queued?.priority).toBe(1);
    expect(queued?.due_in).toBeGreaterThan(0.5);
    expect(await jobs.sendDigest(chartData)).toBe('sent');
    expect(await jobs.sendDigest(chartData)).toBe('already-sent');
    expect(await jobs.sendDigest(data)).toBe('already-sent');
    const sent = adapter.sent.filter((message) => message.channel.chatId === 'charted');
    expect(
      sent.map((message) => [message.reply.blocks.length > 0, message.reply.image !== undefined]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('re-checks the sends of one batch together: each gets its own subscription and ledger state', async () => {
    const { subscriptions, jobs, adapter } = setup();
    const ledger = createDeliveryLedger(db);
    const subscribe = (chatId: string) =>
      subscriptions.upsert(
        {
          channel: { platform: 'telegram', chatId },
          createdBy: 'u',
          localTime: '11:00',
          timeZone: 'UTC',
          networks: [],
        },
        new Date(now.getTime() - 86_400_000),
      );
    const [fresh, done, gone] = await Promise.all(['batch-1', 'batch-2', 'batch-3'].map(subscribe));
    await ledger.record('telegram:batch-2:', 'digest:2026-05-02', 'sent', ['1']);
    await subscriptions.unsubscribe(gone!.channel, 'test');
    const send = (subscriptionId: string) =>
      jobs.sendDigest({ subscriptionId, schedule: '11:00@UTC', localDate: '2026-05-02' });
    expect(await Promise.all([fresh!.id, done!.id, gone!.id, '999999'].map(send))).toEqual([
      'sent',
      'already-sent',
      'not-subscribed',
      'not-subscribed',
    ]);
    expect(
      adapter.sent.map((message) => message.channel.chatId).filter((chat) => chat.startsWith('batch')),
    ).toEqual(['batch-1']);
    expect(await ledger.has('telegram:batch-1:', 'digest:2026-05-02')).toBe(true);
  });

  it('spreads a fan-out from its start, however long the pages take to insert (a past bug stretched it)', async () => {
    const chats = Array.from({ length: 1500 }, (_, index) => `spread-${index}`);
    await db.query(
      `INSERT INTO subscriptions (platform, chat_id, created_by, local_time, timezone, updated_at)
       SELECT 'telegram', c, 'u', '12:00', 'UTC', $2 FROM unnest($1::text[]) AS c`,
      [chats, new Date(now.getTime() - 86_400_000).toISOString()],
    );
    const inserted: JobToInsert[] = [];
    const slowQueue = {
      async insert(_name: string, jobs: readonly JobToInsert[]) {
        inserted.push(...jobs);
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    };
    const jobs = createDigestJobs({
      db,
      queue: slowQueue,
      subscriptions: createSubscriptionStore(db),
      ledger: createDeliveryLedger(db),
      compose: async () => textReply('digest'),
      adapterFor: () => undefined,
      clock,
      logger,
      // 100/s: the first page of 1,000 spans 10 s, far more than any page takes to load under load.
      fanOutRatePerSecond: 100,
    });
    const data = { schedule: '12:00@UTC', localDate: '2026-05-02', dueAt: '2026-05-02T12:00:00Z' };
    expect(await jobs.fanOut(data)).toBe(1500);
    const delay = (index: number) => inserted[index]!.delaySeconds!;
    // Within a page, one recipient per 1/100 s.
    expect(delay(999) - delay(500)).toBeCloseTo(4.99, 5);
    // The second page went in at least 300 ms after the first: its delays are that much shorter
    // than the schedule from the fan-out's start (the bug counted them from the page's insert).
    expect(delay(1000)).toBeLessThanOrEqual(delay(999) + 0.01 - 0.3);
    expect(delay(1000)).toBeGreaterThan(delay(999) - 5);
  });
});
