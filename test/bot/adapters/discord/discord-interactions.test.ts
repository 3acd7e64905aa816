import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../../bot/adapters/discord/discord.ts';
import { toCommandText } from '../../../../bot/adapters/discord/discord-interactions.ts';
import type { ChatAdapter } from '../../../../chat/chat-adapter.ts';
import type { CommandSpec } from '../../../../chat/command.ts';
import { createBotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import { createDatabase, type Database } from '../../../../db/database.ts';
import { migrate } from '../../../../db/migrate.ts';
import {
  APP_ID,
  GUILD_ID,
  interaction,
  snowflake,
  startDiscordFake,
  type DiscordFake,
} from '../../../fakes/discord-fake.ts';
import { createFakeAsk, sampleAnswer, type FakeAsk } from '../../../fakes/fake-ask.ts';
import { metricsPlugins, startReplayMetrics } from '../../replay-metrics.ts';
import { testLimits } from '../../terminal-driver.ts';
import type { MetricsHandle } from '../../../../bot/start-metrics.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';
const DEFER_AFTER_MS = 300;

const askCommand = (question: string) =>
  interaction(2, {
    id: snowflake(),
    name: 'ask',
    type: 1,
    options: [{ name: 'question', type: 3, value: question }],
  });

describe('the Discord HTTP interactions endpoint (signed POSTs, answers through the interaction webhook)', () => {
  let db: Database;
  let fake: FakeAsk;
  let discord: DiscordFake;
  let adapter: ChatAdapter;
  let url = '';
  let privateKey: KeyObject;
  let specs: readonly CommandSpec[] = [];
  let metrics: MetricsHandle;

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    const publicKey = Buffer.from(String(pair.publicKey.export({ format: 'jwk' }).x), 'base64url').toString(
      'hex',
    );
    db = await createDatabase({ dataDir: 'memory://' });
    await migrate(db);
    fake = createFakeAsk();
    metrics = await startReplayMetrics(db, () => new Date('2026-05-04T10:00:00Z'));
    const core = await createBotCore({
      db,
      ask: fake.ask,
      limits: testLimits,
      logger: createLogger('silent'),
      ...(await metricsPlugins(db, metrics.services)),
    });
    specs = core.router.specs;
    discord = await startDiscordFake({ token: TOKEN });
    const logged: Array<{ msg: string; port?: number }> = [];
    adapter = createDiscordAdapter({
      token: TOKEN,
      apiUrl: discord.apiUrl,
      guildId: GUILD_ID,
      interactions: { publicKey, host: '127.0.0.1', port: 0 },
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line)) }),
      deferAfterMs: DEFER_AFTER_MS,
    });
    await adapter.start();
    const port = logged.find((line) => line.msg === 'discord interactions endpoint listening')?.port;
    url = `http://127.0.0.1:${port}/interactions`;
  });
  afterAll(async () => {
    await adapter.stop();
    await metrics.stop();
    await discord.close();
    await db.close();
  });
  beforeEach(() => fake.answerWith((question) => sampleAnswer(question)));

  /** POSTs as Discord does: Ed25519 over timestamp + body, unless the headers are overridden. */
  async function post(payload: object, headers?: Record<string, string>) {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const sentAt = Date.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(headers ?? { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
      },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      ms: Date.now() - sentAt,
    };
  }

  const webhookCalls = (method: string, token: string) =>
    discord.calls.filter(
      (call) => call.method === method && call.path.startsWith(`/webhooks/${APP_ID}/${token}`),
    );

  it('answers a signed PING with PONG', async () => {
    expect(
      await post({ id: snowflake(), application_id: APP_ID, type: 1, token: 't', version: 1 }),
    ).toMatchObject({
      status: 200,
      json: { type: 1 },
    });
  });

  it('refuses a missing, malformed, wrong or hour-old signature with 401, before reading the interaction', async () => {
    const ping = { id: snowflake(), application_id: APP_ID, type: 1, token: 't', version: 1 };
    const timestamp = String(Math.floor(Date.now() / 1000));
    const otherBody = sign(null, Buffer.from(`${timestamp}{"type":2}`), privateKey).toString('hex');
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const strangers = sign(null, Buffer.from(timestamp + JSON.stringify(ping)), stranger).toString('hex');
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const replayed = sign(null, Buffer.from(stale + JSON.stringify(ping)), privateKey).toString('hex');
    const cases: Array<Record<string, string>> = [
      {},
      { 'x-signature-timestamp': timestamp },
      { 'x-signature-ed25519': 'zz', 'x-signature-timestamp': timestamp },
      { 'x-signature-ed25519': otherBody, 'x-signature-timestamp': timestamp },
      { 'x-signature-ed25519': strangers, 'x-signature-timestamp': timestamp },
      // Correctly signed an hour ago: a replay.
      { 'x-signature-ed25519': replayed, 'x-signature-timestamp': stale },
    ];
    for (const headers of cases) {
      expect(await post(ping, headers)).toMatchObject({
        status: 401,
        json: { message: 'invalid request signature' },
      });
    }
  });

  it('answers a fast /ask in the HTTP response itself, with sources and buttons', async () => {
    const event = askCommand('What is Akash?');
    const { status, json } = await post(event);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      type: 4,
      data: {
        content: expect.stringMatching(
          /^Akash leases GPUs through a reverse auction\. \\\(asked: What is Akash\?\\\)/,
        ),
        embeds: [{ fields: [{ name: 'Sources' }] }],
        components: [{ type: 1, components: [{ label: '👍' }, { label: '👎' }] }],
        allowed_mentions: { parse: [] },
        flags: 0,
      },
    });
    expect(fake.calls.at(-1)?.question).toBe('What is Akash?');
  });

  it('defers a slow /ask within the 3-second window (type 5), then edits @original through the interaction webhook', async () => {
    fake.answerWith(async (question) => {
      await new Promise((resolve) => setTimeout(resolve, DEFER_AFTER_MS + 400));
      return sampleAnswer(question);
    });
    const event = askCommand('A slow one');
    const { status, json, ms } = await post(event);
    expect(status).toBe(200);
    expect(json).toEqual({ type: 5, data: { flags: 0 } });
    expect(ms).toBeLessThan(3000);
    const [edit] = await waitFor(
      () => webhookCalls('PATCH', event.token).length > 0 && webhookCalls('PATCH', event.token),
    );
    expect(edit?.path).toBe(`/webhooks/${APP_ID}/${event.token}/messages/@original`);
    expect(edit?.body).toMatchObject({
      content:
        'Akash leases GPUs through a reverse auction. \\(asked: A slow one\\)\n\nNot financial advice.',
      allowed_mentions: { parse: [], replied_user: false },
      components: [{ type: 1, components: [{ label: '👍' }, { label: '👎' }] }],
    });
  });

  it('records a button press and answers only the presser', async () => {
    const asked = askCommand('What is Render?');
    await post(asked);
    const [answer] = await db.query<{ id: string }>('SELECT id FROM bot_answers ORDER BY id DESC LIMIT 1');
    const press = interaction(3, { custom_id: `fb:${answer?.id}:up`, component_type: 2 });
    expect(await post(press)).toMatchObject({
      status: 200,
      json: { type: 4, data: { content: 'Thanks for the feedback 👍', flags: 64 } },
    });
    expect(
      await db.query('SELECT vote FROM bot_feedback WHERE answer_id = $1', [Number(answer?.id)]),
    ).toEqual([{ vote: 1 }]);
  });

  it('applies the same moderator check as the gateway: /alert add needs Manage Server in a server', async () => {
    const add = (permissions: string) =>
      interaction(
        2,
        {
          id: snowflake(),
          name: 'alert',
          type: 1,
          options: [
            {
              type: 1,
              name: 'add',
              options: [
                { type: 3, name: 'metric', value: 'akash.gpu.available' },
                { type: 3, name: 'condition', value: 'below 10' },
              ],
            },
          ],
        },
        { userId: '800000000000000041', permissions },
      );
    const refused = await post(add('0'));
    expect(refused.json).toMatchObject({
      type: 4,
      data: {
        content: expect.stringMatching(/^Sorry, in a group \/alert add is for moderators only/),
        flags: 64,
      },
    });
    const allowed = await post(add('32'));
    expect((allowed.json as { data: { content: string } }).data.content).toMatch(/^Alert #\d+ set: /);
  });

  it('offers metric completions for /alert add', async () => {
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
    const { json } = await post(typing);
    expect(json).toMatchObject({
      type: 8,
      data: {
        choices: expect.arrayContaining([{ name: 'akash.gpu.available', value: 'akash.gpu.available' }]),
      },
    });
  });

  it('reads subcommand options in the order the command declares them', () => {
    const spec = (name: string) => specs.find((candidate) => candidate.name === name);
    expect(
      toCommandText(spec('alert'), [
        {
          type: 1,
          name: 'add',
          options: [
            { type: 3, name: 'condition', value: 'below 10' },
            { type: 3, name: 'metric', value: 'akash.gpu.available' },
          ],
        },
      ]),
    ).toBe('add akash.gpu.available below 10');
    expect(toCommandText(spec('ask'), [{ type: 3, name: 'question', value: 'Why?' }])).toBe('Why?');
  });
});
