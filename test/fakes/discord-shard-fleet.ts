import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mentionMessage, snowflake, type FakeGuild } from './discord-fake.ts';

const SCRIPT = fileURLToPath(new URL('./discord-shard-process.ts', import.meta.url));

/**
 * Guilds whose ids spread over the shards: Discord routes a guild to (id >> 22) % shard count, so
 * consecutive snowflakes (which differ only in their low bits) would all land on one shard.
 */
export function spreadGuilds(count: number): FakeGuild[] {
  return Array.from({ length: count }, (_, index) => ({
    id: String((1_000_000n + BigInt(index)) << 22n),
    channelId: snowflake(),
  }));
}

export interface ShardProcess {
  shardIds: string;
  child: ChildProcess;
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Starts one bot process per slice (e.g. ['0', '1'] of 2 shards) against the fake at apiUrl. */
export function startShardProcesses(options: {
  apiUrl: string;
  token: string;
  shardCount: number;
  slices: string[];
}): ShardProcess[] {
  return options.slices.map((shardIds) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: options.token,
        DISCORD_API_URL: options.apiUrl,
        DISCORD_SHARD_COUNT: String(options.shardCount),
        DISCORD_SHARD_IDS: shardIds,
        ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`shard process ${shardIds} exited with ${code}`)));
    });
    ready.catch(() => {});
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      shardIds,
      child,
      ready,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  });
}

/** A guild member's message mentioning the bot, as the gateway sends it. */
export function mentionIn(guild: FakeGuild, botId: string, authorId: string, question: string) {
  const author = { id: authorId, username: `user${authorId.slice(-4)}`, discriminator: '0', avatar: null };
  return mentionMessage({ channelId: guild.channelId, guildId: guild.id, author, botId, content: question });
}
