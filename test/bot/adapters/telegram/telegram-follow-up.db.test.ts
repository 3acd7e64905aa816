import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { loadConfig } from '../../../../bot/config.ts';
import { createBotCore, type BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import { startKnowledge } from '../../../../bot/start-knowledge.ts';
import type { Database } from '../../../../db/database.ts';
import {
  startTelegramEmulator,
  startTelegramGateway,
  type TelegramGateway,
} from '../../../fakes/telegram-emulator.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { testLimits } from '../../terminal-driver.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = '123456:TEST_TOKEN_abcdefghijklmnopqrstuvwxyz';
const BUNDLED = fileURLToPath(new URL('../../../../knowledge/docs', import.meta.url));

/**
 * The real ask path over the bundled documents behind the Telegram adapter. Pins a past bug: a
 * stand-alone question asked after another in a DM had the earlier question glued on and got
 * "I don't know".
 */
describe.each(testEngines())('follow-ups in a Telegram DM, bundled knowledge, on $name', (engine) => {
  let db: Database;
  let core: BotCore;
  let emulator: Awaited<ReturnType<typeof startTelegramEmulator>>;
  let gateway: TelegramGateway;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    db = await engine.open();
    const config = loadConfig({ KNOWLEDGE_DIR: BUNDLED });
    if (!config.ok) throw new Error(config.reason);
    const knowledge = await startKnowledge({ db, config: config.value, logger: createLogger('silent') });
    core = await createBotCore({
      db,
      ask: knowledge.ask,
      limits: testLimits,
      logger: createLogger('silent'),
    });
    emulator = await startTelegramEmulator();
    gateway = await startTelegramGateway({ upstream: emulator.apiUrl, members: {}, blockedChats: new Set() });
    adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: gateway.apiUrl,
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('silent'),
    });
    await adapter.start();
  }, 120_000);
  afterAll(async () => {
    await adapter.stop();
    await gateway.close();
    await emulator.server.stop();
    await db.close();
  });

  it('answers "what does DePIN stand for?" after an /ask about Akash with the DePIN definition', async () => {
    const chat = 4242;
    const client = emulator.server.getClient(TOKEN, { chatId: chat, userId: chat, type: 'private' });
    const sends = () => gateway.callsOf('sendMessage').filter((call) => call.chat_id === chat);
    await client.sendCommand(client.makeCommand('/ask How does Akash pricing work?'));
    const first = await waitFor(() => sends()[0], 30_000);
    expect(String(first.text)).toMatch(/Akash/);
    await client.sendMessage(client.makeMessage('what does DePIN stand for?'));
    const second = await waitFor(() => sends()[1], 30_000);
    const text = String(second.text);
    expect(text).toContain('Decentralized Physical Infrastructure Networks');
    expect(text).not.toMatch(/I don't know/);
  });
});
