import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../../bot/adapters/discord/discord.ts';
import {
  discordBudgetScope,
  discordDegradedLimits,
  discordRequestLimits,
} from '../../../../bot/adapters/discord/discord-rest-budget.ts';
import type { BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { SharedLimits } from '../../../../bot/shared-limits.ts';
import type { ChatAdapter } from '../../../../chat/chat-adapter.ts';
import { createDatabase, type Database } from '../../../../db/database.ts';
import { migrate } from '../../../../db/migrate.ts';
import { peakInWindow } from '../../../../tools/bench/send-rates.ts';
import {
  CHANNEL_ID,
  interaction,
  snowflake,
  startDiscordFake,
  type DiscordFake,
} from '../../../fakes/discord-fake.ts';
import { createSampleCore } from '../../../fakes/sample-core.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('the Discord REST budget key', () => {
  it('names the bot by a hash: no token, no part of it, the same for every process', () => {
    const scope = discordBudgetScope(TOKEN);
    expect(scope).toMatch(/^discord:[0-9a-f]{16}$/);
    for (const part of [TOKEN, ...TOKEN.split('.')]) expect(scope).not.toContain(part);
    expect(discordBudgetScope(TOKEN)).toBe(scope);
    expect(discordBudgetScope(`${TOKEN}x`)).not.toBe(scope);
  });

  it("holds Discord's 50/s, leaves answers 40% when alerts flood, and a tenth when degraded", () => {
    expect(discordRequestLimits(50).overall.max).toBe(50);
    expect(discordRequestLimits(50).bulk?.max).toBe(30);
    expect(discordDegradedLimits(50).overall.max).toBe(5);
    expect(discordDegradedLimits(5).overall.max).toBe(1);
  });
});

describe('the Discord REST budget against the loopback fake', () => {
  let db: Database;
  let core: BotCore;
  const fakes: DiscordFake[] = [];
  const adapters: ChatAdapter[] = [];

  beforeAll(async () => {
    db = await createDatabase({ dataDir: 'memory://' });
    await migrate(db);
    core = await createSampleCore(db);
  });
  afterAll(async () => {
    for (const adapter of adapters) await adapter.stop();
    for (const fake of fakes) await fake.close();
    await db.close();
  });

  async function start(options: { requestsPerSecond: number; sharedLimits?: SharedLimits }) {
    const fake = await startDiscordFake({ token: TOKEN });
    fakes.push(fake);
    const logged: Array<{ level: number; msg: string }> = [];
    const adapter = createDiscordAdapter({
      token: TOKEN,
      apiUrl: fake.apiUrl,
      // Shard 1 of 2 registers no commands: only the requests under test reach the fake.
      shards: { count: 2, ids: [1] },
      ...options,
      router: core.router,
      reachability: core.reachability,
      logger: createLogger('warn', { write: (line: string) => void logged.push(JSON.parse(line)) }),
    });
    adapters.push(adapter);
    await adapter.start();
    return { fake, adapter, logged };
  }

  const alert = (text: string) => ({ blocks: [text], sources: [], buttons: [] });
  const channel = { platform: 'discord' as const, chatId: CHANNEL_ID };
  const posts = (fake: DiscordFake) =>
    fake.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${CHANNEL_ID}/messages`);

  it('fails closed without Postgres: requests trickle at the degraded rate and every alert goes out', async () => {
    const broken: SharedLimits = {
      take: () => Promise.reject(new Error('connection refused')),
      settle: () => Promise.reject(new Error('connection refused')),
      purge: async () => {},
    };
    const { fake, adapter, logged } = await start({ requestsPerSecond: 20, sharedLimits: broken });
    const outcomes = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((text) => adapter.send(channel, alert(text))),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(
      posts(fake)
        .map((call) => (call.body as { content: string }).content)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'e']);
    // 20/s when healthy; a tenth of it while the shared limits are unreachable.
    const times = fake.calls.map((call) => call.at);
    expect(peakInWindow(times, 1_000)).toBeLessThanOrEqual(2);
    expect(logged.some((line) => line.msg.includes('shared send limits unreachable'))).toBe(true);
  }, 30_000);

  it("gives alerts and digests at most 60% of the budget, through discord.js's queues", async () => {
    const { fake, adapter } = await start({ requestsPerSecond: 5 });
    const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const outcomes = await Promise.all(texts.map((text) => adapter.send(channel, alert(text))));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(posts(fake)).toHaveLength(texts.length);
    // 5 requests a second in all; the alerts' share is 3.
    expect(
      peakInWindow(
        posts(fake).map((call) => call.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(3);
  }, 30_000);

  it('never counts interaction acknowledgements against the budget, nor holds them behind alerts', async () => {
    const { fake, adapter } = await start({ requestsPerSecond: 1 });
    // One request a second at this budget: these alerts leave over the next three seconds.
    const sends = ['a', 'b', 'c', 'd'].map((text) => adapter.send(channel, alert(text)));
    await waitFor(() => posts(fake).length > 0);
    const presses = [0, 1, 2].map(() =>
      interaction(2, { id: snowflake(), name: 'help', type: 1, options: [] }),
    );
    for (const press of presses) fake.dispatch('INTERACTION_CREATE', press);
    const callbacks = () => fake.calls.filter((call) => call.path.endsWith('/callback'));
    await waitFor(() => callbacks().length === presses.length);
    // Counted, they would have gone one a second, after the alerts queued before them.
    expect(
      peakInWindow(
        callbacks().map((call) => call.at),
        1_000,
      ),
    ).toBe(presses.length);
    expect(posts(fake).length).toBeLessThan(4);
    await Promise.all(sends);
    expect(posts(fake)).toHaveLength(4);
  }, 30_000);
});
