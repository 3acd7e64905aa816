import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';

const TOKEN = 'discord-token';
const KEY = 'a'.repeat(64);

function discord(env: Record<string, string>) {
  const result = loadConfig({ DISCORD_TOKEN: TOKEN, ...env });
  if (!result.ok) throw new Error(result.reason);
  return result.value.discord;
}

function reason(env: Record<string, string>): string {
  const result = loadConfig({ DISCORD_TOKEN: TOKEN, ...env });
  return result.ok ? '' : result.reason;
}

describe('Discord shard and interactions configuration', () => {
  it('runs one shard and no HTTP endpoint when neither is configured', () => {
    expect(discord({})).toEqual({
      token: TOKEN,
      apiUrl: 'https://discord.com/api',
      guildId: undefined,
      shards: undefined,
      interactions: undefined,
      requestsPerSecond: 50,
    });
  });

  it("reads the REST budget, Discord's 50 requests/s unless lowered", () => {
    expect(discord({ DISCORD_REQUESTS_PER_SECOND: '5' })?.requestsPerSecond).toBe(5);
    expect(reason({ DISCORD_REQUESTS_PER_SECOND: '0' })).toMatch(/DISCORD_REQUESTS_PER_SECOND/);
  });

  it('runs every shard of a count in this process when no ids are given', () => {
    expect(discord({ DISCORD_SHARD_COUNT: '4' })?.shards).toEqual({ count: 4, ids: undefined });
    expect(discord({ DISCORD_SHARD_COUNT: 'auto' })?.shards).toEqual({ count: 'auto', ids: undefined });
  });

  it('reads a slice as a list and ranges, sorted and without repeats', () => {
    expect(discord({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '5,0-2,2' })?.shards).toEqual({
      count: 8,
      ids: [0, 1, 2, 5],
    });
    expect(discord({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: ' 1 ' })?.shards).toEqual({
      count: 2,
      ids: [1],
    });
  });

  it.each([
    [{ DISCORD_SHARD_COUNT: '0' }, /DISCORD_SHARD_COUNT: must be a whole number of shards or 'auto'/],
    [{ DISCORD_SHARD_COUNT: 'many' }, /DISCORD_SHARD_COUNT: must be a whole number/],
    [{ DISCORD_SHARD_IDS: '0' }, /DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT/],
    [{ DISCORD_SHARD_COUNT: 'auto', DISCORD_SHARD_IDS: '0' }, /DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT/],
    [
      { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1,2' },
      /shard ids run from 0 to 1 with DISCORD_SHARD_COUNT=2/,
    ],
    [
      { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: 'one' },
      /DISCORD_SHARD_IDS: must list shard ids like 0,1 or 0-3/,
    ],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' }, /DISCORD_SHARD_IDS: list at least one shard id/],
    [{ DISCORD_PUBLIC_KEY: 'abc' }, /DISCORD_PUBLIC_KEY: must be the 64-character hex public key/],
    [{ DISCORD_INTERACTIONS_PORT: '8444' }, /DISCORD_PUBLIC_KEY: required when DISCORD_INTERACTIONS_PORT/],
    [
      { DISCORD_PUBLIC_KEY: KEY, DISCORD_INTERACTIONS_PORT: 'http' },
      /DISCORD_INTERACTIONS_PORT: must be a port/,
    ],
  ])('refuses %o, saying what to set', (env, message) => {
    expect(reason(env)).toMatch(message);
  });

  it('serves interactions on port 8444 by default once the public key is set', () => {
    expect(discord({ DISCORD_PUBLIC_KEY: KEY.toUpperCase() })?.interactions).toEqual({
      publicKey: KEY,
      host: '0.0.0.0',
      port: 8444,
    });
    expect(
      discord({
        DISCORD_PUBLIC_KEY: KEY,
        DISCORD_INTERACTIONS_HOST: '127.0.0.1',
        DISCORD_INTERACTIONS_PORT: '9000',
      })?.interactions,
    ).toEqual({ publicKey: KEY, host: '127.0.0.1', port: 9000 });
  });
});
