import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../../bot/adapters/discord/discord.ts';
import type { BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import { createDatabase, type Database } from '../../../../db/database.ts';
import { migrate } from '../../../../db/migrate.ts';
import {
  APP_ID,
  CHANNEL_ID,
  GUILD_ID,
  mentionMessage,
  startDiscordFake,
  type DiscordFake,
  type RestCall,
} from '../../../fakes/discord-fake.ts';
import { createSampleCore } from '../../../fakes/sample-core.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';
const COMMANDS = `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`;
const isRegistration = (call: RestCall) => call.method === 'PUT' && call.path === COMMANDS;

function mentionPayload(content: string) {
  const author = { id: '800000000000000031', username: 'asker', discriminator: '0', avatar: null };
  return mentionMessage({ channelId: CHANNEL_ID, guildId: GUILD_ID, author, content });
}

describe('starting the Discord adapter against the loopback gateway', () => {
  let db: Database;
  let core: BotCore;
  const fakes: DiscordFake[] = [];

  beforeAll(async () => {
    db = await createDatabase({ dataDir: 'memory://' });
    await migrate(db);
    core = await createSampleCore(db);
  });
  afterAll(async () => {
    for (const fake of fakes) await fake.close();
    await db.close();
  });

  async function fakeDiscord(options: { refuseIdentify?: boolean } = {}) {
    const fake = await startDiscordFake({ token: TOKEN, ...options });
    fakes.push(fake);
    return fake;
  }

  function adapterFor(fake: DiscordFake, token = TOKEN) {
    const logged: Array<{ level: number; msg: string }> = [];
    const adapter = createDiscordAdapter({
      token,
      apiUrl: fake.apiUrl,
      guildId: GUILD_ID,
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line)) }),
      registerRetryMs: 200,
      readyTimeoutMs: 5_000,
    });
    return { adapter, logged };
  }

  it('keeps answering mentions while a registration answered 400, then 500, is retried with back-off', async () => {
    const fake = await fakeDiscord();
    let restore = fake.failWhen(isRegistration, 400, { message: 'Invalid Form Body', code: 50035 });
    const { adapter, logged } = adapterFor(fake);
    const failures = () =>
      logged.filter((line) => line.msg.startsWith('discord slash-command registration failed'));
    try {
      await adapter.start();
      expect(failures()).toHaveLength(1);
      expect(failures()[0]?.msg).toMatch(/Invalid Form Body.*mentions and DMs still work, retrying in 0 s/);

      // Serving while unregistered: a mention is answered.
      fake.dispatch('MESSAGE_CREATE', mentionPayload('what is Akash?'));
      const answer = await waitFor(() =>
        fake.calls.find((call) => call.method === 'POST' && call.path === `/channels/${CHANNEL_ID}/messages`),
      );
      expect((answer.body as { content: string }).content).toMatch(/^Akash leases GPUs/);

      await waitFor(() => failures().length >= 2);
      restore();
      restore = fake.failWhen(isRegistration, 500, { message: '500: Internal Server Error', code: 0 });
      await waitFor(() => failures().some((line) => /500|Internal Server Error/.test(line.msg)), 10_000);
      restore();
      await waitFor(() => logged.some((line) => line.msg === 'discord slash commands registered'), 10_000);
      const puts = fake.calls.filter(isRegistration);
      // 400 twice, each 500 retried by discord.js's REST queue, then the one that succeeded.
      expect(puts.length).toBeGreaterThanOrEqual(4);
      const gaps = failures()
        .map((line) => (line as { retryInMs?: number }).retryInMs ?? 0)
        .slice(0, 3);
      expect(gaps).toEqual([200, 400, 800]);
      expect(failures().every((line) => line.level === 50)).toBe(true);
    } finally {
      restore();
      await adapter.stop();
    }
  });

  it('skips the PUT when the registered commands already match (a restart or a second process)', async () => {
    const fake = await fakeDiscord();
    const first = adapterFor(fake);
    await first.adapter.start();
    await first.adapter.stop();
    const again = adapterFor(fake);
    await again.adapter.start();
    await again.adapter.stop();
    expect(fake.calls.filter(isRegistration)).toHaveLength(1);
    expect(fake.calls.filter((call) => call.method === 'GET' && call.path === COMMANDS)).toHaveLength(2);
    expect(again.logged.map((line) => line.msg)).toContain('discord slash commands already registered');
  });

  it('shuts down completely when the gateway refuses the login (4004), leaving no session behind', async () => {
    const fake = await fakeDiscord({ refuseIdentify: true });
    const { adapter } = adapterFor(fake);
    await expect(adapter.start()).rejects.toThrow(/^DISCORD_TOKEN was rejected by Discord/);
    const identifies = fake.identifies.length;
    expect(identifies).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.sessions()).toEqual([]);
    // Destroyed: no reconnect, no second IDENTIFY.
    expect(fake.identifies).toHaveLength(identifies);
    expect(fake.calls.filter(isRegistration)).toHaveLength(0);
  });

  it('shuts down completely when the REST API refuses the token (401)', async () => {
    const fake = await fakeDiscord();
    const { adapter } = adapterFor(fake, 'wrong-token');
    await expect(adapter.start()).rejects.toThrow(/^DISCORD_TOKEN was rejected by Discord \(401/);
    expect(fake.identifies).toHaveLength(0);
    expect(fake.sessions()).toEqual([]);
  });
});
