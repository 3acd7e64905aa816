import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../../bot/adapters/discord/discord.ts';
import { discordBudgetScope } from '../../../../bot/adapters/discord/discord-rest-budget.ts';

import { createLogger } from '../../../../bot/logger.ts';
import { createSharedLimits } from '../../../../bot/shared-limits.ts';
import type { ChatAdapter, SendOutcome } from '../../../../chat/chat-adapter.ts';
import { createDatabase, type Database } from '../../../../db/database.ts';
import { peakInWindow } from '../../../../tools/bench/send-rates.ts';
import { APP_ID, shardOf, startDiscordFake, type DiscordFake } from '../../../fakes/discord-fake.ts';
import { mentionIn, spreadGuilds } from '../../../fakes/discord-shard-fleet.ts';
import { createSampleCore } from '../../../fakes/sample-core.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';
/** Small, so the flood below is several times the budget and the test stays short. */
const BUDGET = 5;
const guilds = spreadGuilds(4);
const QUESTIONS_PER_GUILD = 3;
const ALERTS_PER_PROCESS = 2;

/** A second client of the database: its own pool on Postgres; PGlite has one connection. */
async function openSecondClient(db: Database & { url?: string }): Promise<Database> {
  if (db.kind === 'pglite' || !db.url) return db;
  return createDatabase({ url: db.url, dataDir: 'memory://' });
}

describe.each(testEngines())('one Discord REST budget for two processes on $name', (engine) => {
  let db: Database;
  let other: Database;
  let fake: DiscordFake;
  const adapters: ChatAdapter[] = [];

  beforeAll(async () => {
    db = await engine.open();
    other = await openSecondClient(db);
    fake = await startDiscordFake({ token: TOKEN, guilds, recommendedShards: 2 });
    // Two "processes": each its own database client, core and discord.js client, holding one shard.
    for (const [shard, client] of [db, other].entries()) {
      const sharedLimits = createSharedLimits(client);
      const core = await createSampleCore(client, { sharedLimits });
      adapters.push(
        createDiscordAdapter({
          token: TOKEN,
          apiUrl: fake.apiUrl,
          shards: { count: 2, ids: [shard] },
          requestsPerSecond: BUDGET,
          sharedLimits,
          router: core.router,
          reachability: core.reachability,
          logger: createLogger('silent'),
        }),
      );
    }
    await Promise.all(adapters.map((adapter) => adapter.start()));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(adapters.map((adapter) => adapter.stop()));
    await fake.close();
    if (other !== db) await other.close();
    await db.close();
  });

  it('lets both together make no more than the budget of requests in any second, and loses none', async () => {
    const questions: string[] = [];
    for (const [index, guild] of guilds.entries()) {
      for (let n = 0; n < QUESTIONS_PER_GUILD; n += 1) {
        const question = `q${index}x${n}`;
        questions.push(question);
        const author = `80000000000000${1000 + questions.length}`;
        expect(fake.dispatch('MESSAGE_CREATE', mentionIn(guild, APP_ID, author, question))).toBe(1);
      }
    }
    // Alerts (bulk sends) from each process to a channel of its own shard, at the same time.
    const alerts: Promise<SendOutcome>[] = [];
    const alertTexts: string[] = [];
    for (const [shard, adapter] of adapters.entries()) {
      const guild = guilds.find((candidate) => shardOf(candidate.id, 2) === shard);
      if (!guild) throw new Error(`no guild on shard ${shard}`);
      for (let n = 0; n < ALERTS_PER_PROCESS; n += 1) {
        const text = `alert${shard}x${n}`;
        alertTexts.push(text);
        alerts.push(
          adapter.send(
            { platform: 'discord', chatId: guild.channelId },
            { blocks: [text], sources: [], buttons: [] },
          ),
        );
      }
    }
    const outcomes = await Promise.all(alerts);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

    const posts = () =>
      fake.calls.filter((call) => call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path));
    const contents = () => posts().map((call) => String((call.body as { content?: string }).content));
    await waitFor(() => posts().length >= questions.length + alertTexts.length, 30_000);
    // A duplicate would follow within the next window or two.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const answered = contents()
      .map((content) => /asked: (q\dx\d)/.exec(content)?.[1])
      .filter((question) => question !== undefined);
    expect(answered.sort()).toEqual([...questions].sort());
    expect(
      contents()
        .filter((content) => content.startsWith('alert'))
        .sort(),
    ).toEqual(alertTexts.sort());

    // Every request the two clients made (gateway lookup, registration, typing, answers, alerts).
    const requests = fake.calls.filter((call) => !call.path.endsWith('/callback'));
    expect(requests.length).toBeGreaterThan(3 * BUDGET);
    expect(
      peakInWindow(
        requests.map((call) => call.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(BUDGET);
  }, 60_000);

  it('keys the budget by a hash of the token, never the token or a part of it', async () => {
    const keys = (await db.query<{ key: string }>('SELECT key FROM limit_keys')).map((row) => row.key);
    expect(keys).toContain(`${discordBudgetScope(TOKEN)}:all`);
    expect(keys).toContain(`${discordBudgetScope(TOKEN)}:bulk`);
    for (const key of keys) {
      for (const secret of [TOKEN, ...TOKEN.split('.')]) expect(key).not.toContain(secret);
    }
  });
});
