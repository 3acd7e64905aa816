import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bot/config.ts';
import { createBotCore, type BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import { startKnowledge } from '../../../../bot/start-knowledge.ts';
import type { Database } from '../../../../db/database.ts';
import type { TelegramGateway } from '../../../fakes/telegram-emulator.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { testLimits } from '../../terminal-driver.ts';
import { waitFor } from '../../wait-for.ts';
import { startTelegramRig, TOKEN, type TelegramRig } from './telegram-rig.ts';

const BUNDLED = fileURLToPath(new URL('../../../../knowledge/docs', import.meta.url));

/**
 * The real ask path over the bundled documents behind the Telegram adapter. Pins a past bug: a
 * stand-alone question asked after another in a DM had the earlier question glued on and got
 * "I don't know".
 */
describe.each(testEngines())('follow-ups in a Telegram DM, bundled knowledge, on $name', (engine) => {
  let db: Database;
  let core: BotCore;
  let emulator: TelegramRig['emulator'];
  let gateway: TelegramGateway;
  let rig: TelegramRig;

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
    rig = await startTelegramRig(core, { members: {}, blockedChats: new Set() });
    ({ emulator, gateway } = rig);
  }, 120_000);
  afterAll(async () => {
    await rig.stop();
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
