import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../bot/config.ts';

describe('chat platform configuration', () => {
  it('starts no platform without tokens and applies the default limits', () => {
    const result = loadConfig({});
    expect(result.ok && result.value.telegram).toBeUndefined();
    expect(result.ok && result.value.discord).toBeUndefined();
    expect(result.ok && result.value.limits).toEqual({
      askPerMinute: 6,
      askPerDay: 60,
      questionMaxChars: 1000,
      askTimeoutMs: 30_000,
      askConcurrency: 8,
      shared: 'auto',
    });
  });

  it('reads LIMITS_SHARED and names the allowed values when it is wrong', () => {
    const on = loadConfig({ LIMITS_SHARED: 'on' });
    expect(on.ok && on.value.limits.shared).toBe('on');
    const wrong = loadConfig({ LIMITS_SHARED: 'yes' });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toMatch(/LIMITS_SHARED/);
  });

  it('reads both platforms, webhook mode included', () => {
    const result = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9000/',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
      TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-1',
      DISCORD_TOKEN: 'discord-token',
      DISCORD_GUILD_ID: '123456789012',
      ASK_RATE_PER_MINUTE: '3',
    });
    expect(result.ok && result.value.telegram).toEqual({
      token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      apiRoot: 'http://127.0.0.1:9000',
      webhook: { url: 'https://bot.example.org/hook', secret: 'abc_DEF-1', host: '0.0.0.0', port: 8443 },
    });
    expect(result.ok && result.value.discord).toEqual({
      token: 'discord-token',
      apiUrl: 'https://discord.com/api',
      guildId: '123456789012',
      requestsPerSecond: 50,
    });
    expect(result.ok && result.value.limits.askPerMinute).toBe(3);
  });

  it('names the variable of a malformed token or a webhook without its secret', () => {
    const bad = loadConfig({ TELEGRAM_BOT_TOKEN: 'nope', QUESTION_MAX_CHARS: '0' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain('TELEGRAM_BOT_TOKEN');
    expect(!bad.ok && bad.reason).toContain('QUESTION_MAX_CHARS');
    const noSecret = loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(!noSecret.ok && noSecret.reason).toContain('TELEGRAM_WEBHOOK_SECRET: required');
  });

  it('lists every chat variable in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    const chatVariables = Object.keys(configSchema.shape).filter((key) =>
      /^(TELEGRAM|DISCORD|ASK|QUESTION)_/.test(key),
    );
    expect(chatVariables.filter((key) => !listed.has(key))).toEqual([]);
  });
});
