import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, shardOf, startDiscordFake, type DiscordFake } from '../../../fakes/discord-fake.ts';
import {
  mentionIn,
  spreadGuilds,
  startShardProcesses,
  type ShardProcess,
} from '../../../fakes/discord-shard-fleet.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';
const guilds = spreadGuilds(20);

describe('two shards on two processes against the loopback gateway', () => {
  let fake: DiscordFake;
  let processes: ShardProcess[] = [];

  beforeAll(async () => {
    fake = await startDiscordFake({ token: TOKEN, guilds, recommendedShards: 2 });
    processes = startShardProcesses({ apiUrl: fake.apiUrl, token: TOKEN, shardCount: 2, slices: ['0', '1'] });
    await Promise.all(processes.map((process) => process.ready));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await fake.close();
  });

  it('identifies each shard once, one per process, and registers the commands once', () => {
    expect(fake.sessions().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifies).toHaveLength(2);
    const registrations = fake.calls.filter(
      (call) => call.method === 'PUT' && call.path === `/applications/${APP_ID}/commands`,
    );
    expect(registrations).toHaveLength(1);
  });

  it("answers every guild's message exactly once, from the process holding the guild's shard", async () => {
    expect(new Set(guilds.map((guild) => shardOf(guild.id, 2)))).toEqual(new Set([0, 1]));
    for (const [index, guild] of guilds.entries()) {
      expect(
        fake.dispatch(
          'MESSAGE_CREATE',
          mentionIn(guild, APP_ID, `80000000000000${1000 + index}`, `q${index}`),
        ),
      ).toBe(1);
    }
    const answers = () =>
      fake.calls.filter((call) => call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path));
    await waitFor(() => answers().length >= guilds.length, 15_000);
    // Late duplicates would arrive within a few hundred milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answers()).toHaveLength(guilds.length);
    for (const [index, guild] of guilds.entries()) {
      const posted = answers().filter((call) => call.path === `/channels/${guild.channelId}/messages`);
      expect(posted).toHaveLength(1);
      expect((posted[0]?.body as { content: string }).content).toContain(
        `q${index} \\(answered by shards ${shardOf(guild.id, 2)}\\)`,
      );
    }
  });
});
