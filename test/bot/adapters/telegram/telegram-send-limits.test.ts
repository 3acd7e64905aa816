import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { peakInWindow } from '../../../../tools/bench/send-rates.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { ReachabilityStore } from '../../../../bot/reachability-store.ts';
import { textReply as reply } from '../../../../chat/reply.ts';
import type { Router } from '../../../../bot/router.ts';

interface Accepted {
  chatId: string;
  at: number;
}

interface LoopbackBotApi {
  url: string;
  accepted: Accepted[];
  attempts: number;
  close(): Promise<void>;
}

/**
 * sendMessage on loopback. Telegram stamps a message when it processes it, anywhere between the
 * bot's start of the request and the answer: `acceptAfterMs` models a request accepted late, and
 * `dropConnections` resets that many connections before answering, as a closed keep-alive socket does.
 */
async function startLoopbackBotApi(
  options: { acceptAfterMs?: (attempt: number) => number; dropConnections?: number } = {},
): Promise<LoopbackBotApi> {
  const api: LoopbackBotApi = { url: '', accepted: [], attempts: 0, close: async () => {} };
  let messageId = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    api.attempts += 1;
    if (api.attempts <= (options.dropConnections ?? 0)) return request.socket.destroy();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { chat_id: number };
    await new Promise((resolve) => setTimeout(resolve, options.acceptAfterMs?.(api.attempts) ?? 0));
    api.accepted.push({ chatId: String(body.chat_id), at: Date.now() });
    messageId += 1;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ok: true, result: { message_id: messageId, chat: { id: body.chat_id } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

const reachability: ReachabilityStore = {
  isUnreachable: async () => false,
  markUnreachable: async () => {},
  markReachable: async () => {},
};
const channel = (chatId: number) => ({ platform: 'telegram' as const, chatId: String(chatId) });

describe('the Telegram adapter’s outgoing traffic', () => {
  let api: LoopbackBotApi | undefined;
  const adapterFor = (url: string, networkRetryDelaysMs?: number[]): TelegramAdapter =>
    createTelegramAdapter({
      token: '123456:LIMITS_TOKEN_abcdefghijklmnopqrstuvwxyz',
      apiRoot: url,
      router: { specs: [] } as unknown as Router,
      reachability,
      logger: createLogger('silent'),
      networkRetryDelaysMs,
    });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('never lets more than 30 messages reach Telegram in any sliding second, even with a backlog (past bug: 57)', async () => {
    api = await startLoopbackBotApi();
    const adapter = adapterFor(api.url);
    // Half-way into the old throttler's fixed one-second window: 30 left at once, 30 more at its refresh.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, index) => adapter.send(channel(7_000 + index), reply(`m${index}`))),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(api.accepted).toHaveLength(60);
    expect(
      peakInWindow(
        api.accepted.map((message) => message.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(30);
  });

  it('keeps a full second between two messages to one private chat as Telegram stamps them, even when the first is accepted late', async () => {
    // The first request is processed 400 ms after it left, as when the bot's event loop was busy.
    api = await startLoopbackBotApi({ acceptAfterMs: (attempt) => (attempt === 1 ? 400 : 0) });
    const adapter = adapterFor(api.url);
    await Promise.all([adapter.send(channel(42), reply('one')), adapter.send(channel(42), reply('two'))]);
    const [first, second] = api.accepted;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('retries a send that failed on the network instead of dropping the answer (past bug: 3 of 900 lost)', async () => {
    api = await startLoopbackBotApi({ dropConnections: 1 });
    const outcome = await adapterFor(api.url, [50]).send(channel(43), reply('the answer'));
    expect(outcome).toEqual({ ok: true, messageIds: ['1'] });
    expect(api.accepted).toEqual([{ chatId: '43', at: expect.any(Number) }]);
  });

  it('gives up after the bounded retries and reports the send as transient', async () => {
    api = await startLoopbackBotApi({ dropConnections: 10 });
    const outcome = await adapterFor(api.url, [10, 10]).send(channel(44), reply('the answer'));
    expect(outcome).toMatchObject({ ok: false, reason: 'transient' });
    expect(api.attempts).toBe(3);
  });
});
