import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toDiscordMessages } from '../../../../bot/adapters/discord/discord-format.ts';
import { createDiscordAdapter } from '../../../../bot/adapters/discord/discord.ts';
import { buildSlashCommands } from '../../../../bot/adapters/discord/slash-commands.ts';
import type { ChatAdapter } from '../../../../chat/chat-adapter.ts';
import { createBotCore, type BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { Database } from '../../../../db/database.ts';
import { buildMetricsOverview } from '../../../../metrics/series/metrics-overview.ts';
import type { MetricsHandle } from '../../../../bot/start-metrics.ts';
import {
  APP_ID,
  CHANNEL_ID,
  GUILD_ID,
  interaction,
  mentionMessage,
  OWNER_ID,
  snowflake,
  startDiscordFake,
  toMessage,
  user,
  type DiscordFake,
} from '../../../fakes/discord-fake.ts';
import { createFakeAsk, sampleAnswer, type FakeAsk } from '../../../fakes/fake-ask.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { metricsPlugins, startReplayMetrics } from '../../replay-metrics.ts';
import { testLimits } from '../../terminal-driver.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';
/** The bundled, dated sample series: /metrics answers offline and the same on every run. */
const now = new Date('2026-05-04T10:00:00Z');
const MANAGE_GUILD = '32';
const slash = (name: string, question?: string, options?: { userId?: string; permissions?: string }) =>
  interaction(
    2,
    {
      id: snowflake(),
      name,
      type: 1,
      options: question === undefined ? [] : [{ name: 'question', type: 3, value: question }],
    },
    options,
  );

describe.each(testEngines())(
  'the Discord adapter (discord.js against a loopback gateway) on $name',
  (engine) => {
    let db: Database;
    let fake: FakeAsk;
    let metrics: MetricsHandle;
    let core: BotCore;
    let discord: DiscordFake;
    let adapter: ChatAdapter;
    /** What the adapter logged at warn and above. */
    const logged: Array<{ level: number; msg: string }> = [];

    beforeAll(async () => {
      db = await engine.open();
      fake = createFakeAsk();
      metrics = await startReplayMetrics(db, () => now);
      core = await createBotCore({
        db,
        ask: fake.ask,
        limits: testLimits,
        logger: createLogger('silent'),
        ...(await metricsPlugins(db, metrics.services)),
      });
      discord = await startDiscordFake({ token: TOKEN });
      adapter = createDiscordAdapter({
        token: TOKEN,
        apiUrl: discord.apiUrl,
        guildId: GUILD_ID,
        router: core.router,
        reachability: core.reachability,
        logger: createLogger('warn', { write: (line: string) => void logged.push(JSON.parse(line)) }),
      });
      await adapter.start();
      await metrics.startDelivery([adapter]);
    });
    afterAll(async () => {
      await adapter.stop();
      await metrics.stop();
      await discord.close();
      await db.close();
    });
    beforeEach(() => {
      fake.calls.length = 0;
      fake.answerWith((question) => sampleAnswer(question));
    });

    const callbacksOf = (id: string) =>
      discord.calls.filter((call) => call.path.startsWith(`/interactions/${id}/`));
    const callsTo = (method: string, path: string) =>
      discord.calls.filter((call) => call.method === method && call.path === path);

    /** Dispatches `/metrics network`; the first answer's JSON, sent directly or edited in after a deferral. */
    async function runMetrics(network: string) {
      const event = interaction(2, {
        id: snowflake(),
        name: 'metrics',
        type: 1,
        options: [{ type: 3, name: 'network', value: network }],
      });
      discord.dispatch('INTERACTION_CREATE', event);
      const [callback] = await waitFor(() => callbacksOf(event.id).length > 0 && callbacksOf(event.id));
      const first = callback?.body as { type: number; data: Record<string, unknown> };
      if (first.type === 4) return { event, answer: first.data, answeredAt: callback?.at ?? 0, edits: 0 };
      expect(first).toEqual({ type: 5, data: { flags: 0 } });
      const edit = await waitFor(
        () => callsTo('PATCH', `/webhooks/${APP_ID}/${event.token}/messages/@original`)[0],
      );
      return { event, answer: edit.body as Record<string, unknown>, answeredAt: edit.at, edits: 1 };
    }

    /** The overview the core builds from the same stored series: the text table and the chart. */
    async function akashOverview() {
      const { text, chart } = await buildMetricsOverview('akash', metrics.services.readings);
      if (!chart?.image) throw new Error('the bundled series should draw a chart');
      return { messages: toDiscordMessages(text), image: chart.image };
    }

    it('identifies and registers the slash commands in the development guild', async () => {
      expect(discord.identifies).toHaveLength(1);
      const registration = callsTo('PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
      expect(registration).toHaveLength(1);
      expect(registration[0]?.body).toEqual(buildSlashCommands(core.router.specs));
      expect(registration[0]?.body).toContainEqual({
        name: 'report',
        description: 'Moderators: unanswered and badly rated questions of the last 7 days',
        type: 1,
        options: [],
        default_member_permissions: MANAGE_GUILD,
        contexts: [0],
      });
    });

    it('registers the metrics commands: Manage Server by default where groups need a moderator, metric autocomplete', () => {
      const [registration] = callsTo('PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
      const commands = registration?.body as Array<{ name: string }>;
      const byName = (name: string) => commands.find((command) => command.name === name);
      const id = {
        type: 4,
        name: 'id',
        description: 'The alert number from /alert list',
        required: true,
        min_value: 1,
      };
      expect(byName('alert')).toEqual({
        name: 'alert',
        description: 'Metric alerts: moderators for a group, anyone for themselves in a private chat',
        type: 1,
        options: [
          {
            type: 1,
            name: 'add',
            description: 'Post here when a metric crosses a threshold, changes fast or goes stale',
            options: [
              {
                type: 3,
                name: 'metric',
                description: 'e.g. akash.gpu.available or AKT price',
                required: true,
                autocomplete: true,
              },
              {
                type: 3,
                name: 'condition',
                description: 'above 100 · below 50 · change -10% 24h · stale 30 [cooldown 6h] [margin 5%]',
                required: true,
              },
            ],
          },
          { type: 1, name: 'list', description: 'The alerts of this chat', options: [] },
          { type: 1, name: 'remove', description: 'Delete an alert', options: [id] },
          {
            type: 1,
            name: 'mute',
            description: 'Silence an alert for a while',
            options: [id, { type: 3, name: 'duration', description: 'e.g. 6h, 2d, or off', required: true }],
          },
          { type: 1, name: 'test', description: 'Show what an alert would post', options: [id] },
        ],
        default_member_permissions: MANAGE_GUILD,
        contexts: [0, 1],
      });
      for (const name of ['subscribe', 'unsubscribe'])
        expect(byName(name)).toMatchObject({ default_member_permissions: MANAGE_GUILD, contexts: [0, 1] });
      expect(byName('metrics')).toMatchObject({
        options: [{ type: 3, name: 'network', required: false }],
        default_member_permissions: null,
      });
      expect(byName('digest')).toMatchObject({ options: [], default_member_permissions: null });
    });

    it('autocompletes the metric of /alert add from the catalogue', async () => {
      const typing = interaction(4, {
        id: snowflake(),
        name: 'alert',
        type: 1,
        options: [
          {
            type: 1,
            name: 'add',
            options: [{ type: 3, name: 'metric', value: 'akash.gpu.av', focused: true }],
          },
        ],
      });
      discord.dispatch('INTERACTION_CREATE', typing);
      const [callback] = await waitFor(() => callbacksOf(typing.id).length > 0 && callbacksOf(typing.id));
      expect(callback?.body).toMatchObject({ type: 8 });
      const choices = (callback?.body as { data: { choices: Array<{ name: string; value: string }> } }).data
        .choices;
      expect(choices[0]).toEqual({ name: 'akash.gpu.available', value: 'akash.gpu.available' });
      expect(choices.length).toBeLessThanOrEqual(25);
    });

    it('reads /alert subcommand options as one line and refuses a member without Manage Server', async () => {
      const event = interaction(2, {
        id: snowflake(),
        name: 'alert',
        type: 1,
        options: [
          {
            type: 1,
            name: 'add',
            options: [
              { type: 3, name: 'metric', value: 'akash.gpu.available' },
              { type: 3, name: 'condition', value: 'below 100' },
            ],
          },
        ],
      });
      discord.dispatch('INTERACTION_CREATE', event);
      const [refusal] = await waitFor(() => callbacksOf(event.id).length > 0 && callbacksOf(event.id));
      expect(refusal?.body).toMatchObject({
        type: 4,
        data: {
          content:
            'Sorry, in a group /alert add is for moderators only \\(Discord: Manage Server; Telegram: group admins\\). ' +
            'In a private chat with me you can set up your own.',
          flags: 64,
        },
      });
    });

    it('posts an image as a file attachment after the text, and the text alone when the image is refused', async () => {
      const channel = { platform: 'discord' as const, chatId: CHANNEL_ID };
      const png = new Uint8Array(2048).fill(7);
      const before = callsTo('POST', `/channels/${CHANNEL_ID}/messages`).length;
      const outcome = await adapter.send(channel, {
        blocks: ['🔔 Alert #1'],
        sources: [],
        buttons: [],
        image: { png, alt: '7-day chart' },
      });
      expect(outcome).toMatchObject({ ok: true });
      const posts = callsTo('POST', `/channels/${CHANNEL_ID}/messages`).slice(before);
      expect(posts.map((post) => post.files ?? [])).toEqual([[], [{ name: 'chart.png', size: 2048 }]]);
      expect(posts[0]?.body).toMatchObject({ content: '🔔 Alert #1' });
      expect(posts[1]?.body).toMatchObject({
        attachments: [{ id: '0', description: '7-day chart' }],
      });
    });

    it('answers /metrics akash with the text table, then posts the 7-day chart PNG as a separate follow-up', async () => {
      const { event, answer, answeredAt } = await runMetrics('akash');
      const webhook = `/webhooks/${APP_ID}/${event.token}`;
      const [chart] = await waitFor(() => callsTo('POST', webhook).length > 0 && callsTo('POST', webhook));
      const { messages, image } = await akashOverview();
      expect(messages).toHaveLength(1);
      expect(answer).toMatchObject({ ...messages[0], allowed_mentions: { parse: [], replied_user: false } });
      expect(answer).not.toHaveProperty('attachments');
      expect(answer.content).toMatch(/^Akash: latest metrics\n• Akash active leases: .* \\\[1\\\]\n/);
      expect(answer.content).toMatch(
        /\n\n24 h and 7 d are changes against our own stored series\.\n\nSample data: .* \\\(set METRICS\\_MODE=live for live data\\\)\.$/,
      );
      expect(answer).toMatchObject({ embeds: [{ fields: [{ name: 'Sources' }] }] });
      // The chart: its own message after the text, a multipart upload of the PNG rendered in-process.
      expect(chart?.query).toBe('?wait=true');
      expect(chart?.at).toBeGreaterThanOrEqual(answeredAt);
      expect(chart?.files).toEqual([{ name: 'chart.png', size: image.png.length }]);
      expect(image.png.length).toBeGreaterThan(1000);
      expect(chart?.body).toEqual({
        tts: false,
        enforce_nonce: true,
        nonce: expect.any(String),
        allowed_mentions: { parse: [], replied_user: false },
        attachments: [{ id: '0', description: image.alt }],
      });
      expect(image.alt).toMatch(/^Akash: latest metrics, 7-day chart of Akash active leases, /);
      expect(callsTo('POST', webhook)).toHaveLength(1);
    });

    it.each([
      {
        refusal: 'Discord refuses the attachment (413)',
        status: 413,
        error: { message: 'Request entity too large', code: 40005 },
        fails: (files: number) => files > 0,
        uploads: 1,
        notes: 1,
        warnings: ['discord image could not be sent'],
      },
      {
        refusal: 'the follow-up route is down (500, retried twice)',
        status: 500,
        error: { message: '500: Internal Server Error', code: 0 },
        fails: () => true,
        uploads: 3,
        notes: 3,
        warnings: ['discord image could not be sent', 'discord follow-up failed'],
      },
    ])(
      'keeps the /metrics text answer and carries on when $refusal',
      async ({ status, error, fails, uploads, notes, warnings }) => {
        const restore = discord.failWhen(
          (call) =>
            call.method === 'POST' &&
            call.path.startsWith(`/webhooks/${APP_ID}/`) &&
            fails(call.files?.length ?? 0),
          status,
          error,
        );
        logged.length = 0;
        try {
          const { event, answer, edits } = await runMetrics('akash');
          const webhook = `/webhooks/${APP_ID}/${event.token}`;
          await waitFor(
            () => callsTo('POST', webhook).length >= uploads + notes && logged.length >= warnings.length,
          );
          const { messages, image } = await akashOverview();
          expect(answer).toMatchObject({
            ...messages[0],
            allowed_mentions: { parse: [], replied_user: false },
          });
          const followUps = callsTo('POST', webhook);
          expect(followUps.filter((call) => call.files?.length)).toHaveLength(uploads);
          // The image-only follow-up still says what it would have shown, as plain JSON.
          expect(followUps.filter((call) => !call.files?.length).map((call) => call.body)).toEqual(
            Array.from({ length: notes }, () => ({
              content: `\\(Chart not available here: ${image.alt.replace(/[()]/g, '\\$&')}\\)`,
              tts: false,
              enforce_nonce: true,
              nonce: expect.any(String),
              allowed_mentions: { parse: [], replied_user: false },
            })),
          );
          // The text stands: nothing but a deferred answer's own edit touches it, nothing apologises.
          expect(discord.calls.filter((call) => call.path.startsWith(`${webhook}/messages/`))).toHaveLength(
            edits,
          );
          expect(callbacksOf(event.id)).toHaveLength(1);
          expect(logged.map((line) => [line.level, line.msg])).toEqual(warnings.map((msg) => [40, msg]));
        } finally {
          restore();
        }
        const next = slash('help');
        discord.dispatch('INTERACTION_CREATE', next);
        const [help] = await waitFor(() => callbacksOf(next.id).length > 0 && callbacksOf(next.id));
        expect(help?.body).toMatchObject({ type: 4 });
      },
    );

    it('answers a fast /ask directly, with an embed of sources and 👍/👎 buttons, pinging no one', async () => {
      const event = slash('ask', 'Is @everyone <b>rich</b> ||soon||?');
      const sentAt = Date.now();
      discord.dispatch('INTERACTION_CREATE', event);
      const [callback] = await waitFor(() => callbacksOf(event.id).length > 0 && callbacksOf(event.id));
      const [answer] = await db.query<{ id: string }>('SELECT id FROM bot_answers ORDER BY id DESC LIMIT 1');
      expect(callback?.at).toBeLessThan(sentAt + 2000);
      expect(callback?.query).toBe('?with_response=true');
      expect(callback?.body).toEqual({
        type: 4,
        data: {
          content:
            'Akash leases GPUs through a reverse auction. \\(asked: Is @\u200beveryone \\<b\\>rich\\</b\\> \\|\\|soon\\|\\|?\\)' +
            '\n\nNot financial advice.',
          embeds: [
            {
              color: 0x5865f2,
              fields: [
                {
                  name: 'Sources',
                  value: '1. Akash Network — GPU marketplace \\(akash.md, as of 2025-06-01\\)',
                },
              ],
            },
          ],
          components: [
            {
              type: 1,
              components: [
                { type: 2, style: 2, label: '👍', custom_id: `fb:${answer?.id}:up` },
                { type: 2, style: 2, label: '👎', custom_id: `fb:${answer?.id}:down` },
              ],
            },
          ],
          allowed_mentions: { parse: [], replied_user: false },
          tts: false,
          enforce_nonce: true,
          nonce: expect.any(String),
        },
      });
    });

    it('defers a slow answer inside the 3-second window, then edits in the answer', async () => {
      fake.answerWith(async (question) => {
        await new Promise((resolve) => setTimeout(resolve, 2600));
        return sampleAnswer(question);
      });
      const event = slash('ask', 'A slow one');
      const sentAt = Date.now();
      discord.dispatch('INTERACTION_CREATE', event);
      const [deferral] = await waitFor(() => callbacksOf(event.id).length > 0 && callbacksOf(event.id));
      expect(deferral?.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(deferral?.at).toBeLessThan(sentAt + 3000);
      expect(deferral?.at).toBeGreaterThanOrEqual(sentAt + 1900);
      const edit = await waitFor(
        () => callsTo('PATCH', `/webhooks/${APP_ID}/${event.token}/messages/@original`)[0],
      );
      expect(edit.body).toMatchObject({
        content:
          'Akash leases GPUs through a reverse auction. \\(asked: A slow one\\)\n\nNot financial advice.',
        allowed_mentions: { parse: [], replied_user: false },
        components: [{ type: 1, components: [{ label: '👍' }, { label: '👎' }] }],
      });
    });

    it('refuses /report to a member without Manage Server, privately, and serves one who has it', async () => {
      const refused = slash('report');
      discord.dispatch('INTERACTION_CREATE', refused);
      const [refusal] = await waitFor(() => callbacksOf(refused.id).length > 0 && callbacksOf(refused.id));
      expect(refusal?.body).toMatchObject({
        type: 4,
        data: {
          content:
            'Sorry, /report is for moderators only \\(Discord: Manage Server; Telegram: group admins\\).',
          flags: 64,
          allowed_mentions: { parse: [] },
        },
      });
      const allowed = slash('report', undefined, { permissions: MANAGE_GUILD });
      discord.dispatch('INTERACTION_CREATE', allowed);
      const [report] = await waitFor(() => callbacksOf(allowed.id).length > 0 && callbacksOf(allowed.id));
      expect(report?.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect((report?.body as { data: { content: string } }).data.content).toMatch(
        /^(No unanswered|Questions to fill)/,
      );
    });

    it('records a 👍 button press and answers only the presser', async () => {
      const asked = slash('ask', 'What is Render?');
      discord.dispatch('INTERACTION_CREATE', asked);
      await waitFor(() => callbacksOf(asked.id).length > 0);
      const [answer] = await db.query<{ id: string }>('SELECT id FROM bot_answers ORDER BY id DESC LIMIT 1');
      const press = interaction(3, { custom_id: `fb:${answer?.id}:up`, component_type: 2 });
      Object.assign(press, { message: toMessage({ content: 'x' }, CHANNEL_ID) });
      discord.dispatch('INTERACTION_CREATE', press);
      const [ack] = await waitFor(() => callbacksOf(press.id).length > 0 && callbacksOf(press.id));
      expect(ack?.body).toMatchObject({
        type: 4,
        data: { content: 'Thanks for the feedback 👍', flags: 64, allowed_mentions: { parse: [] } },
      });
      expect(
        await db.query('SELECT vote FROM bot_feedback WHERE answer_id = $1', [Number(answer?.id)]),
      ).toEqual([{ vote: 1 }]);
    });

    /** A message in the guild channel from `authorId`, mentioning the bot. */
    function mention(authorId: string, content: string) {
      const id = snowflake();
      discord.dispatch(
        'MESSAGE_CREATE',
        mentionMessage({ id, channelId: CHANNEL_ID, guildId: GUILD_ID, author: user(authorId), content }),
      );
      return id;
    }

    it('runs a mention whose text is a command through the router, with the same permission check', async () => {
      const posts = () => callsTo('POST', `/channels/${CHANNEL_ID}/messages`);
      const before = posts().length;
      const asked = fake.calls.length;
      const refusedId = mention('800000000000000008', '/alert add akash.gpu.available below 10');
      const refusal = await waitFor(() => posts()[before]);
      expect(refusal.body).toMatchObject({
        content:
          'Sorry, in a group /alert add is for moderators only \\(Discord: Manage Server; Telegram: group admins\\). ' +
          'In a private chat with me you can set up your own.',
        message_reference: { message_id: refusedId },
      });
      // The guild owner has Manage Server: the alert is set, as with /alert add.
      mention(OWNER_ID, '/alert add akash.gpu.available below 10');
      const added = await waitFor(() => posts()[before + 1]);
      expect((added.body as { content: string }).content).toMatch(/^Alert #\d+ set: /);
      const rules = await db.query<{ chat_id: string; scope: string }>(
        "SELECT chat_id, scope FROM alert_rules WHERE platform = 'discord' AND metric = 'akash.gpu.available'",
      );
      expect(rules).toEqual([{ chat_id: CHANNEL_ID, scope: 'channel' }]);
      expect(fake.calls).toHaveLength(asked);
    });

    it('answers a mention in a channel as a reply, with mentions and markdown neutralised', async () => {
      const messageId = snowflake();
      const earlier = callsTo('POST', `/channels/${CHANNEL_ID}/messages`).length;
      discord.dispatch(
        'MESSAGE_CREATE',
        mentionMessage({
          id: messageId,
          channelId: CHANNEL_ID,
          guildId: GUILD_ID,
          author: user('800000000000000007'),
          content: 'what is DePIN? @here',
        }),
      );
      const post = await waitFor(() => callsTo('POST', `/channels/${CHANNEL_ID}/messages`)[earlier]);
      expect(fake.calls.at(-1)?.question).toBe('what is DePIN? @here');
      expect(post.body).toMatchObject({
        content:
          'Akash leases GPUs through a reverse auction. \\(asked: what is DePIN? @\u200bhere\\)\n\nNot financial advice.',
        allowed_mentions: { parse: [], replied_user: false },
        message_reference: { message_id: messageId, fail_if_not_exists: false },
      });
      expect(callsTo('POST', `/channels/${CHANNEL_ID}/typing`).length).toBeGreaterThan(0);
    });

    it('splits a long answer at 2,000 characters: the reply, then a follow-up with the buttons', async () => {
      fake.answerWith((question) =>
        sampleAnswer(question, { text: `${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}` }),
      );
      const event = slash('ask', 'Tell me everything');
      discord.dispatch('INTERACTION_CREATE', event);
      const followUp = await waitFor(() => callsTo('POST', `/webhooks/${APP_ID}/${event.token}`)[0]);
      const [first] = callbacksOf(event.id);
      expect((first?.body as { data: { content: string; components?: unknown } }).data).toMatchObject({
        content: 'a'.repeat(1500),
      });
      expect((first?.body as { data: { components?: unknown } }).data.components).toBeUndefined();
      expect(followUp.body).toMatchObject({ content: 'b'.repeat(1500), components: [{ type: 1 }] });
    });

    it('marks a channel it lost access to and skips it afterwards', async () => {
      const channel = { platform: 'discord' as const, chatId: '900000000000000777' };
      const outcome = await adapter.send(channel, { blocks: ['alert'], sources: [], buttons: [] });
      expect(outcome).toMatchObject({ ok: false, reason: 'unreachable' });
      expect(await core.reachability.isUnreachable(channel)).toBe(true);
      const requests = discord.calls.length;
      expect(await adapter.send(channel, { blocks: ['again'], sources: [], buttons: [] })).toEqual({
        ok: false,
        reason: 'unreachable',
        detail: 'marked unreachable earlier',
      });
      expect(discord.calls).toHaveLength(requests);
    });

    it('posts an alert once when Discord created it but the response was lost and the POST retried', async () => {
      // Its own adapter with a short request timeout, so the retry comes quickly.
      const retrying = createDiscordAdapter({
        token: TOKEN,
        apiUrl: discord.apiUrl,
        router: core.router,
        reachability: core.reachability,
        logger: createLogger('silent'),
        requestTimeoutMs: 300,
      });
      await retrying.start();
      try {
        const posts = () => callsTo('POST', `/channels/${CHANNEL_ID}/messages`);
        const before = { posts: posts().length, created: discord.created.length };
        discord.stallOnceAfterCreating((call) => call.path === `/channels/${CHANNEL_ID}/messages`);
        const outcome = await retrying.send(
          { platform: 'discord', chatId: CHANNEL_ID },
          { blocks: ['akash gpu alert'], sources: [], buttons: [] },
        );
        expect(outcome).toMatchObject({ ok: true });
        const attempts = posts().slice(before.posts);
        expect(attempts).toHaveLength(2);
        const [first, retry] = attempts.map(
          (call) => call.body as { nonce?: string; enforce_nonce?: boolean },
        );
        expect(first?.enforce_nonce).toBe(true);
        expect(retry?.nonce).toBe(first?.nonce);
        expect(discord.created.slice(before.created).map((message) => message.content)).toEqual([
          'akash gpu alert',
        ]);
      } finally {
        await retrying.stop();
      }
    });

    it('fails fast with a message naming DISCORD_TOKEN when the token is rejected', async () => {
      const bad = createDiscordAdapter({
        token: 'wrong-token',
        apiUrl: discord.apiUrl,
        router: core.router,
        reachability: core.reachability,
        logger: createLogger('silent'),
      });
      await expect(bad.start()).rejects.toThrow(/^DISCORD_TOKEN was rejected by Discord/);
      await bad.stop();
    });
  },
);
