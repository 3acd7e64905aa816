import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../chat/chat-adapter.ts';
import { createFeedbackStore } from '../../bot/feedback-store.ts';
import { createReachabilityStore } from '../../bot/reachability-store.ts';
import { createRouter, type Router } from '../../bot/router.ts';
import { autocompleteMetric } from '../../metrics/alerts/alert-commands.ts';
import { createMetricsCommands, createMetricsForgetHook } from '../../metrics/metrics-commands.ts';
import type { Reply } from '../../chat/reply.ts';
import type { Database } from '../../db/database.ts';
import { createAlertStore } from '../../metrics/alerts/alert-store.ts';
import { createDigestComposer } from '../../metrics/digests/digest-data.ts';
import type { ReadingDeps } from '../../metrics/series/readings.ts';
import { createSeriesStore } from '../../metrics/series/series-store.ts';
import { loadReplayFile, replaySamples } from '../../metrics/series/sources/replay.ts';
import type { MetricsServices } from '../../metrics/metrics-services.ts';
import { createSubscriptionStore } from '../../metrics/digests/subscription-store.ts';
import { testEngines } from '../fakes/test-db.ts';

const log = pino({ level: 'silent' });
const hashUser = (platform: string, userId: string) => `hash-${platform}-${userId}`;

function event(
  text: string,
  options: { kind?: 'private' | 'group'; moderator?: boolean; user?: string } = {},
): ChatEvent {
  const kind = options.kind ?? 'group';
  const user = options.user ?? '42';
  return {
    platform: 'telegram',
    channel: { platform: 'telegram', chatId: kind === 'group' ? '-1001' : user },
    chatKind: kind,
    userId: user,
    text,
    isModerator: async () => options.moderator ?? false,
  };
}

const textOf = (reply: Reply | undefined) => reply?.blocks.join('\n') ?? '';

describe.each(testEngines())('metrics commands on $name', (engine) => {
  let db: Database;
  let services: MetricsServices;
  let router: Router;
  const now = new Date('2026-05-04T10:00:00Z');
  beforeAll(async () => {
    db = await engine.open();
    const store = createSeriesStore(db);
    await store.insertSamples(replaySamples(loadReplayFile()), now);
    const readings: ReadingDeps = { store, clock: { now: () => now }, staleAfterMs: () => 900_000 };
    services = {
      store,
      readings,
      alerts: createAlertStore(db),
      subscriptions: createSubscriptionStore(db),
      composeDigest: createDigestComposer({ ...readings, db, chart: false }),
    };
    // Through the router, as every platform reaches them: it checks who may run what.
    router = createRouter({
      commands: createMetricsCommands(services, hashUser),
      feedback: createFeedbackStore(db),
      hashUser,
      reachability: createReachabilityStore(db),
      logger: log,
    });
  });
  afterAll(() => db.close());

  const command = (name: string) => (e: ChatEvent) => router.handle({ ...e, command: name });
  const run = async (send: (e: ChatEvent) => Promise<{ reply: Reply } | undefined>, e: ChatEvent) =>
    (await send(e))?.reply;
  const alert = command('alert');

  it("lets moderators manage a group's alerts and refuses everyone else", async () => {
    expect(textOf(await run(alert, event('add akash.gpu.available below 50')))).toMatch(
      /is for moderators only/,
    );
    const added = textOf(await run(alert, event('add akash.gpu.availble below 50', { moderator: true })));
    expect(added).toBe(
      'Unknown metric "akash.gpu.availble". Did you mean: akash.gpu.available, akash gpu usage, akash gpu price?',
    );
    const created = textOf(await run(alert, event('add akash.gpu.available below 50', { moderator: true })));
    expect(created).toMatch(
      /^Alert #(\d+) set: Akash GPUs available below 50 GPUs \(cooldown 6h, re-arm margin 5 %\)\. Now: 116 GPUs \(observed 2026-04-22 12:00 UTC, sample data\)\./,
    );
    const id = /#(\d+)/.exec(created)![1]!;
    expect(textOf(await run(alert, event('list')))).toContain(`#${id} Akash GPUs available below 50 GPUs`);
    expect(textOf(await run(alert, event(`mute ${id} 6h`, { moderator: true })))).toBe(
      `Alert #${id} muted until 2026-05-04 16:00 UTC.`,
    );
    const preview = textOf(await run(alert, event(`test ${id}`, { moderator: true })));
    expect(preview).toMatch(
      new RegExp(
        `^Preview: this is what alert #${id} posts when it fires\\.\\n🔔 Alert #${id}: Akash GPUs available fell below 50 GPUs`,
      ),
    );
    expect(textOf(await run(alert, event(`remove ${id}`, { moderator: true })))).toBe(
      `Alert #${id} removed.`,
    );
    expect(textOf(await run(alert, event(`remove ${id}`, { moderator: true })))).toMatch(/There is no alert/);
  });

  it('lets anyone set personal alerts in a private chat', async () => {
    const created = textOf(
      await run(alert, event('add AKT price change -10% 24h', { kind: 'private', user: '7' })),
    );
    expect(created).toMatch(/^Alert #\d+ set: AKT price change -10% over 24h/);
    expect(textOf(await run(alert, event('list', { kind: 'private', user: '7' })))).toContain('· personal');
  });

  it('autocompletes metric names', () => {
    expect(autocompleteMetric('akash.gpu.av')[0]).toBe('akash.gpu.available');
    expect(autocompleteMetric('').length).toBeGreaterThan(5);
  });

  it('subscribes with a local time and zone, states the next delivery, previews and unsubscribes', async () => {
    const dm = (text: string) => event(text, { kind: 'private', user: '9' });
    const reply = textOf(await run(command('subscribe'), dm('08:30 Europe/Berlin akash render')));
    expect(reply).toBe(
      [
        'Subscribed: a daily digest at 08:30 Europe/Berlin (Akash, Render).',
        'Next delivery: 2026-05-05 08:30 Europe/Berlin (2026-05-05 06:30 UTC).',
        '/digest shows it now; /unsubscribe stops it.',
      ].join('\n'),
    );
    expect(textOf(await run(command('subscribe'), dm('25:00')))).toMatch(/^I don't understand "25:00"/);
    expect(textOf(await run(command('subscribe'), event('09:00')))).toMatch(/is for moderators only/);
    const digest = await run(command('digest'), dm(''));
    expect(digest?.blocks[0]).toBe('Daily DePIN digest for 2026-05-04 (Europe/Berlin): Akash, Render');
    expect(textOf(digest)).toContain('Not financial advice');
    expect(textOf(await run(command('unsubscribe'), dm('')))).toMatch(/^Unsubscribed/);
    expect(textOf(await run(command('unsubscribe'), dm('')))).toMatch(/^There is no digest subscription/);
  });

  it('shows /metrics as a table first and the chart as a separate follow-up', async () => {
    const metrics = command('metrics');
    const outgoing = await metrics(event('render'));
    expect(outgoing?.reply.blocks[0]).toMatch(/^Render: latest metrics\n/);
    expect(outgoing?.reply.image).toBeUndefined();
    expect(outgoing?.followUps?.[0]?.image?.png.length).toBeGreaterThan(1000);
    expect(outgoing?.followUps?.[0]?.blocks).toEqual([]);
    expect(textOf((await metrics(event('solana')))?.reply)).toMatch(/^Unknown network "solana"/);
  });

  it('forgets a user: personal subscriptions and alerts go, channel ones are anonymised', async () => {
    const subscribe = command('subscribe');
    await run(subscribe, event('07:00 UTC', { kind: 'private', user: '55' }));
    await run(subscribe, event('07:00 UTC', { moderator: true, user: '55' }));
    const forget = createMetricsForgetHook(services);
    expect(await forget({ platform: 'telegram', userId: '55', userHash: hashUser('telegram', '55') })).toBe(
      2,
    );
    expect(await services.subscriptions.get({ platform: 'telegram', chatId: '55' })).toBeUndefined();
    expect((await services.subscriptions.get({ platform: 'telegram', chatId: '-1001' }))?.createdBy).toBe(
      'forgotten',
    );
  });
});
