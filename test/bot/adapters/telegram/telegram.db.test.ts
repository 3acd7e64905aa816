import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { createBotCore, type BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { Database } from '../../../../db/database.ts';
import { createFakeAsk, sampleAnswer, type FakeAsk } from '../../../fakes/fake-ask.ts';
import type { TelegramGateway } from '../../../fakes/telegram-emulator.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { testLimits } from '../../terminal-driver.ts';
import { waitFor } from '../../wait-for.ts';
import { startTelegramRig, TOKEN, type TelegramRig } from './telegram-rig.ts';

const BOT_ID = 666; // what telegram-test-api's getMe answers
const GROUP = -1001;
const ADMIN = 8;
const BLOCKED_CHAT = 555;

describe.each(testEngines())('the Telegram adapter (grammY against telegram-test-api) on $name', (engine) => {
  let db: Database;
  let fake: FakeAsk;
  let core: BotCore;
  let emulator: TelegramRig['emulator'];
  let gateway: TelegramGateway;
  let adapter: TelegramAdapter;
  let rig: TelegramRig;
  let nextChat = 2000;

  beforeAll(async () => {
    db = await engine.open();
    fake = createFakeAsk();
    core = await createBotCore({ db, ask: fake.ask, limits: testLimits, logger: createLogger('silent') });
    rig = await startTelegramRig(core, {
      members: { [`${GROUP}:${ADMIN}`]: 'administrator' },
      blockedChats: new Set([String(BLOCKED_CHAT)]),
    });
    ({ emulator, gateway, adapter } = rig);
  });
  afterAll(async () => {
    await rig.stop();
    await db.close();
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.answerWith((question) => sampleAnswer(question));
  });

  /** A private chat of its own per test, so the 1 message/s per chat throttle never slows tests. */
  function privateClient() {
    nextChat += 1;
    const chatId = nextChat;
    return Object.assign(emulator.server.getClient(TOKEN, { chatId, userId: chatId, type: 'private' }), {
      chat: chatId,
    });
  }
  function groupClient(userId: number) {
    return emulator.server.getClient(TOKEN, { chatId: GROUP, userId, type: 'group' });
  }
  const sendsTo = (chatId: number) =>
    gateway.callsOf('sendMessage').filter((call) => call.chat_id === chatId);
  const lastSendTo = (chatId: number) => waitFor(() => sendsTo(chatId).at(-1));

  it('answers /ask with escaped HTML, sources and a 👍/👎 keyboard, typing while it works', async () => {
    const client = privateClient();
    await client.sendCommand(client.makeCommand('/ask Is <b>Akash</b> & Render </a> cheap?'));
    const sent = await lastSendTo(client.chat);
    const [answer] = await db.query<{ id: string }>('SELECT id FROM bot_answers ORDER BY id DESC LIMIT 1');
    expect(sent).toEqual({
      chat_id: client.chat,
      text:
        'Akash leases GPUs through a reverse auction. (asked: Is &lt;b&gt;Akash&lt;/b&gt; &amp; Render &lt;/a&gt; cheap?)' +
        '\n\nNot financial advice.\n\n<b>Sources</b>\n[1] Akash Network — GPU marketplace (akash.md, as of 2025-06-01)',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_parameters: { message_id: expect.any(Number), allow_sending_without_reply: true },
      reply_markup: {
        inline_keyboard: [
          [
            { text: '👍', callback_data: `fb:${answer?.id}:up` },
            { text: '👎', callback_data: `fb:${answer?.id}:down` },
          ],
        ],
      },
    });
    expect(fake.calls[0]?.question).toBe('Is <b>Akash</b> & Render </a> cheap?');
    expect(gateway.callsOf('sendChatAction')).toContainEqual({ chat_id: client.chat, action: 'typing' });
  });

  it('records a 👍 press against the answer and acknowledges it', async () => {
    const client = privateClient();
    await client.sendMessage(client.makeMessage('What is Render?'));
    const sent = await lastSendTo(client.chat);
    const keyboard = sent.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
    const up = keyboard.inline_keyboard[0]?.[0]?.callback_data ?? '';
    const before = gateway.callsOf('answerCallbackQuery').length;
    await client.sendCallback(client.makeCallbackQuery(up, { message: { message_id: 1 } }));
    const ack = await waitFor(() => gateway.callsOf('answerCallbackQuery')[before]);
    expect(ack).toEqual({ callback_query_id: expect.any(String), text: 'Thanks for the feedback 👍' });
    const votes = await db.query<{ vote: number }>('SELECT vote FROM bot_feedback WHERE answer_id = $1', [
      Number(up.split(':')[1]),
    ]);
    expect(votes).toEqual([{ vote: 1 }]);
  });

  it('refuses /report to a group member who is not an admin, and serves an admin', async () => {
    const member = groupClient(7);
    await member.sendCommand(member.makeCommand('/report'));
    const refusal = await lastSendTo(GROUP);
    expect(refusal.text).toBe(
      'Sorry, /report is for moderators only (Discord: Manage Server; Telegram: group admins).',
    );
    expect(gateway.callsOf('getChatMember')).toContainEqual({ chat_id: GROUP, user_id: 7 });
    const admin = groupClient(ADMIN);
    const count = sendsTo(GROUP).length;
    await admin.sendCommand(admin.makeCommand('/report@TestNameBot'));
    const report = await waitFor(() => sendsTo(GROUP)[count]);
    expect(report.text).toBe('No unanswered or badly rated questions in the last 7 days.');
  });

  it('treats a reply to an answer as a follow-up, and ignores other group chatter', async () => {
    const user = groupClient(9);
    const count = sendsTo(GROUP).length;
    await user.sendCommand(user.makeCommand('/ask What is Helium?'));
    await waitFor(() => sendsTo(GROUP)[count]);
    const [link] = await waitFor(async () => {
      const rows = await db.query<{ message_id: string }>(
        `SELECT m.message_id FROM bot_answer_messages m JOIN bot_answers a ON a.id = m.answer_id
          WHERE m.chat_id = $1 AND a.question = 'What is Helium?'`,
        [String(GROUP)],
      );
      return rows.length > 0 && rows;
    });
    await user.sendMessage(user.makeMessage('just chatting, not for the bot'));
    await user.sendMessage(
      user.makeMessage('and what is its token?', {
        reply_to_message: {
          message_id: Number(link?.message_id),
          from: { id: BOT_ID, is_bot: true, first_name: 'Bot' },
        },
      }),
    );
    await waitFor(() => sendsTo(GROUP)[count + 1]);
    expect(fake.calls.map((call) => call.question)).toEqual(['What is Helium?', 'and what is its token?']);
    expect(fake.calls[1]?.context?.history?.[0]?.question).toBe('What is Helium?');
  });

  it('answers a mention in a group and ignores commands meant for another bot', async () => {
    const user = groupClient(10);
    await user.sendCommand(user.makeCommand('/ask@OtherBot ignored question'));
    const count = sendsTo(GROUP).length;
    const text = '@TestNameBot what is DePIN?';
    await user.sendMessage(
      user.makeMessage(text, { entities: [{ type: 'mention', offset: 0, length: 12 }] }),
    );
    await waitFor(() => sendsTo(GROUP)[count]);
    expect(fake.calls.map((call) => call.question)).toEqual(['what is DePIN?']);
  });

  it('marks a chat that blocked the bot and skips it afterwards', async () => {
    const client = emulator.server.getClient(TOKEN, {
      chatId: BLOCKED_CHAT,
      userId: BLOCKED_CHAT,
      type: 'private',
    });
    await client.sendCommand(client.makeCommand('/help'));
    const channel = { platform: 'telegram' as const, chatId: String(BLOCKED_CHAT) };
    await waitFor(() => core.reachability.isUnreachable(channel));
    const attempts = sendsTo(BLOCKED_CHAT).length;
    const outcome = await adapter.send(channel, { blocks: ['alert'], sources: [], buttons: [] });
    expect(outcome).toEqual({ ok: false, reason: 'unreachable', detail: 'marked unreachable earlier' });
    expect(sendsTo(BLOCKED_CHAT)).toHaveLength(attempts);
    expect(attempts).toBe(1);
  });

  it('sends the text of a reply even though the emulator has no sendPhoto, and an image-only one as text', async () => {
    const chat = privateClient().chat;
    const channel = { platform: 'telegram' as const, chatId: String(chat) };
    const image = { png: new Uint8Array(512).fill(7), alt: 'Akash: 7-day chart' };
    const photos = gateway.callsOf('sendPhoto').length;
    const withText = await adapter.send(channel, {
      blocks: ['🔔 Alert #1'],
      sources: [],
      buttons: [],
      image,
    });
    expect(withText).toMatchObject({ ok: true, messageIds: [expect.any(String)] });
    // The emulator answers an unknown method with a 500, which the transport retries a few times first.
    expect(gateway.callsOf('sendPhoto').length).toBeGreaterThan(photos);
    expect(sendsTo(chat).map((call) => call.text)).toEqual(['🔔 Alert #1']);
    const imageOnly = await adapter.send(channel, { blocks: [], sources: [], buttons: [], image });
    expect(imageOnly).toMatchObject({ ok: true });
    expect(sendsTo(chat).map((call) => call.text)).toEqual([
      '🔔 Alert #1',
      '(Chart not available here: Akash: 7-day chart)',
    ]);
  });

  it('keeps working straight against the emulator, which lacks getChatMember and setMyCommands', async () => {
    const token = '654321:OTHER_TOKEN_abcdefghijklmnopqrstuvwxyz';
    const direct = createTelegramAdapter({
      token,
      apiRoot: emulator.apiUrl,
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('silent'),
    });
    await direct.start();
    try {
      const client = emulator.server.getClient(token, {
        chatId: -3003,
        userId: 3003,
        type: 'group',
        timeout: 5000,
      });
      await client.sendCommand(client.makeCommand('/report'));
      const updates = await client.getUpdates();
      expect(updates.result[0]?.message.text).toBe(
        'Sorry, /report is for moderators only (Discord: Manage Server; Telegram: group admins).',
      );
    } finally {
      await direct.stop();
    }
  });

  it('serves webhooks only with the secret header', async () => {
    const token = '777777:WEBHOOK_TOKEN_abcdefghijklmnopqrstuvwxyz';
    const hooked = createTelegramAdapter({
      token,
      apiRoot: gateway.apiUrl,
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('silent'),
      webhook: {
        url: 'https://bot.example.org/telegram/hook',
        secret: 's3cret_value',
        host: '127.0.0.1',
        port: 0,
      },
    });
    await hooked.start();
    try {
      expect(gateway.callsOf('setWebhook').at(-1)).toEqual({
        url: 'https://bot.example.org/telegram/hook',
        secret_token: 's3cret_value',
        allowed_updates: ['message', 'callback_query'],
      });
      const url = `http://127.0.0.1:${hooked.webhookPort()}/telegram/hook`;
      const update = {
        update_id: 1,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 4004, type: 'private' },
          from: { id: 4004, is_bot: false, first_name: 'W' },
          text: '/help',
          entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        },
      };
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(update),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
      expect(sendsTo(4004)).toHaveLength(0);
      expect((await post({ 'x-telegram-bot-api-secret-token': 's3cret_value' })).status).toBe(200);
      const sent = await lastSendTo(4004);
      expect(String(sent.text)).toContain('Commands:');
    } finally {
      await hooked.stop();
    }
  });
});
