import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { createAlertDelivery } from '../../../metrics/alerts/alert-delivery.ts';
import { createAlertEngine } from '../../../metrics/alerts/alert-engine.ts';
import { parseAlertRule } from '../../../metrics/alerts/alert-rules.ts';
import { createAlertStore } from '../../../metrics/alerts/alert-store.ts';
import { createDeliveryLedger } from '../../../delivery/delivery-ledger.ts';
import { createJobQueue, QUEUES, type JobQueue } from '../../../delivery/jobs.ts';
import { createSendWorker, createThrottle } from '../../../delivery/send-worker.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';
import { createRecordingAdapter, waitFor } from '../../fakes/recording-adapter.ts';
import { testEngines } from '../../fakes/test-db.ts';

const logger = pino({ level: 'silent' });
const channel = { platform: 'telegram' as const, chatId: '-100123' };

describe.each(testEngines())('alerts on $name', (engine) => {
  let db: Database;
  let queue: JobQueue;
  let now = new Date('2026-05-01T12:00:00Z');
  const clock = { now: () => now };
  beforeAll(async () => {
    db = await engine.open();
    queue = await createJobQueue({ db, logger });
  });
  afterAll(async () => {
    await queue.stop();
    await db.close();
  });

  function setup() {
    const rules = createAlertStore(db);
    const store = createSeriesStore(db);
    const engineUnderTest = createAlertEngine({ db, rules, store, queue, clock, logger });
    const adapter = createRecordingAdapter('telegram');
    const deliver = createAlertDelivery({
      db,
      rules,
      ledger: createDeliveryLedger(db),
      adapterFor: (platform) => (platform === 'telegram' ? adapter : undefined),
      readings: { store, clock, staleAfterMs: () => 15 * 60_000 },
      logger,
      chart: true,
    });
    return { rules, store, engine: engineUnderTest, adapter, deliver };
  }

  async function addRule(text: string) {
    const parsed = parseAlertRule(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return createAlertStore(db).create({ ...parsed.value, channel, scope: 'channel', createdBy: 'mod-hash' });
  }

  it('creates one event and one delivery job per firing, even when the sample is evaluated twice', async () => {
    const { engine: alerts, store } = setup();
    const rule = await addRule('akash.gpu.available below 100');
    const sample = { metric: 'akash.gpu.available', value: 96, observedAt: now, source: 'akash-console' };
    await store.insertSamples([sample], now);
    expect(await alerts.onNewSamples([sample])).toBe(1);
    expect(await alerts.onNewSamples([sample])).toBe(0);
    const events = await db.query<{ summary: string }>(
      'SELECT summary FROM alert_events WHERE rule_id = $1',
      [rule.id],
    );
    expect(events.map((event) => event.summary)).toEqual(['Akash GPUs available fell below 100 GPUs']);
    expect(await queue.boss.getQueueSize(QUEUES.alertDeliver)).toBe(1);
  });

  it('delivers through pg-boss once, with value, threshold, time, source, chart and how to mute', async () => {
    const { adapter, deliver } = setup();
    const worker = createSendWorker<{ eventId: string }>({
      boss: queue.boss,
      queue: QUEUES.alertDeliver,
      handle: async (job) => {
        await deliver(job.data.eventId);
      },
      concurrency: 4,
      throttle: createThrottle(100),
      logger,
      idleMs: 50,
    });
    worker.start();
    await waitFor(() => adapter.sent.length >= 1);
    await worker.stop();
    expect(adapter.sent).toHaveLength(1);
    const [message] = adapter.sent;
    expect(message?.channel).toEqual(channel);
    const text = message!.reply.blocks.join('\n');
    expect(text).toMatch(/^🔔 Alert #\d+: Akash GPUs available fell below 100 GPUs/);
    expect(text).toContain('Now 96 GPUs · threshold 100 GPUs');
    expect(text).toContain('observed 2026-05-01 12:00 UTC');
    expect(text).toMatch(/Mute: \/alert mute \d+ 6h/);
    expect(message?.reply.sources[0]).toMatchObject({ kind: 'metric', path: 'Akash Console API' });
    const eventId = (await db.query<{ id: string }>('SELECT id::text AS id FROM alert_events LIMIT 1'))[0]!
      .id;
    expect(await deliver(eventId)).toBe('already-sent');
    expect(adapter.sent).toHaveLength(1);
  });

  it('disables a rule whose channel is gone, and retries transient failures', async () => {
    const { engine: alerts, store, adapter, deliver } = setup();
    const rule = await addRule('AKT price above 2');
    now = new Date('2026-05-01T13:00:00Z');
    const sample = {
      metric: 'token.price_usd{akash-network}',
      value: 2.5,
      observedAt: now,
      source: 'coingecko',
    };
    await store.insertSamples([sample], now);
    await alerts.onNewSamples([sample]);
    const eventId = (
      await db.query<{ id: string }>('SELECT id::text AS id FROM alert_events WHERE rule_id = $1', [rule.id])
    )[0]!.id;
    adapter.behaviour = () => ({ ok: false, reason: 'transient', detail: '502 from the platform' });
    await expect(deliver(eventId)).rejects.toThrow(/transient/);
    adapter.behaviour = () => ({ ok: false, reason: 'unreachable', detail: 'bot was kicked from the group' });
    expect(await deliver(eventId)).toBe('unreachable');
    const stored = await createAlertStore(db).get(rule.id);
    expect(stored).toMatchObject({
      disabled: true,
      disabledReason: 'channel unreachable: bot was kicked from the group',
    });
    expect(await deliver(eventId)).toBe('rule-gone');
  });

  it('fires stale rules when a metric stops arriving', async () => {
    const { engine: alerts } = setup();
    await addRule('akash.leases.active stale 30');
    now = new Date('2026-05-01T14:00:00Z');
    expect(await alerts.checkStale()).toBe(1);
    expect(await alerts.checkStale()).toBe(0);
  });

  it('lists, mutes and removes rules per chat only', async () => {
    const rules = createAlertStore(db);
    const rule = await addRule('akash gpus above 500');
    expect((await rules.listForChannel(channel)).map((r) => r.id)).toContain(rule.id);
    expect(await rules.mute(rule.id, { platform: 'telegram', chatId: 'other' }, now)).toBe(false);
    expect(await rules.mute(rule.id, channel, new Date('2026-06-01T00:00:00Z'))).toBe(true);
    expect((await rules.get(rule.id))?.mutedUntil?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(await rules.remove(rule.id, channel)).toBe(true);
    expect(await rules.get(rule.id)).toBeUndefined();
    expect(await rules.remove('not-a-number', channel)).toBe(false);
  });
});
