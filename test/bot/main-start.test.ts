import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.ts';

const TOKEN = 'fake-discord-token.abcdefghijklmnop';

/** Runs `npm start`'s entry point with only these variables (and PATH); resolves with its exit. */
function runMain(env: Record<string, string>, dataDir: string) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe('npm start when no chat platform can start', () => {
  let fake: DiscordFake;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startDiscordFake({ token: TOKEN, refuseIdentify: true });
    dataDir = await mkdtemp(join(tmpdir(), 'depin-main-'));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with the reason instead of staying online half-started', async () => {
    const result = await runMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'no chat platform could start: discord: DISCORD_TOKEN was rejected by Discord',
    );
    expect(result.stderr).not.toContain(TOKEN);
    // The refused session was closed and not retried: the client is gone, not lingering.
    expect(fake.identifies).toHaveLength(1);
    expect(fake.sessions()).toEqual([]);
  }, 120_000);
});
