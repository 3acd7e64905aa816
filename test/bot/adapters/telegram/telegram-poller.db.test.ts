import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../db/database.ts';
import {
  startTelegramEmulator,
  startTelegramGateway,
  type TelegramGateway,
} from '../../../fakes/telegram-emulator.ts';
import { openScratchPostgres } from '../../../fakes/test-db.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = '424242:POLLER_TOKEN_abcdefghijklmnopqrstuvwxyz';
const script = fileURLToPath(new URL('../../../fakes/telegram-poller-process.ts', import.meta.url));
const databaseUrl = process.env.DATABASE_URL;

interface BotProcess {
  child: ChildProcess;
  lines: string[];
}

function startBot(name: string, url: string, apiRoot: string): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_BOT_TOKEN: TOKEN,
      PROCESS_NAME: name,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  return { child, lines };
}

// Two processes can only share a real Postgres (PGlite is embedded in one process), so this file
// needs DATABASE_URL; `.ci/run` always sets it.
describe.runIf(databaseUrl)('two bot processes with one Telegram token on Postgres', () => {
  let db: Database & { url: string };
  let emulator: Awaited<ReturnType<typeof startTelegramEmulator>>;
  const gateways: TelegramGateway[] = [];
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    db = await openScratchPostgres(databaseUrl ?? '');
    emulator = await startTelegramEmulator();
    // One recording gateway per process, so the test sees which process polls.
    for (let index = 0; index < 3; index += 1)
      gateways.push(await startTelegramGateway({ upstream: emulator.apiUrl }));
  });
  afterAll(async () => {
    for (const bot of bots) bot.child.kill('SIGKILL');
    for (const gateway of gateways) await gateway.close();
    await emulator.server.stop();
    await db.close();
  });

  it('lets only one process poll, and the other takes over within seconds when it dies', async () => {
    const [gatewayA, gatewayB] = gateways as [TelegramGateway, TelegramGateway];
    const a = startBot('A', db.url, gatewayA.apiUrl);
    bots.push(a);
    await waitFor(() => a.lines.includes('elected'), 30_000);
    const b = startBot('B', db.url, gatewayB.apiUrl);
    bots.push(b);
    await waitFor(() => b.lines.includes('started'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(b.lines).not.toContain('elected');
    expect(gatewayA.callsOf('getUpdates').length).toBeGreaterThan(0);
    expect(gatewayB.callsOf('getUpdates')).toHaveLength(0);

    const client = emulator.server.getClient(TOKEN, {
      chatId: 5151,
      userId: 5151,
      type: 'private',
      timeout: 10_000,
    });
    await client.sendMessage(client.makeMessage('Who answers?'));
    const first = await client.getUpdates();
    expect(first.result[0]?.message.text).toContain('(answered by A)');

    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await waitFor(() => b.lines.includes('elected'), 10_000);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await client.sendMessage(client.makeMessage('And now?'));
    const second = await client.getUpdates();
    expect(second.result[0]?.message.text).toContain('(answered by B)');
    expect(gatewayB.callsOf('getUpdates').length).toBeGreaterThan(0);
  });

  it('never lets two processes poll at once when Postgres drops every connection (as on a restart)', async () => {
    const [, gatewayB, gatewayC] = gateways as [TelegramGateway, TelegramGateway, TelegramGateway];
    const b = bots[1]!;
    const c = startBot('C', db.url, gatewayC.apiUrl);
    bots.push(c);
    await waitFor(() => c.lines.includes('started'), 30_000);
    const elections = () => [b, c].flatMap((bot) => bot.lines).filter((line) => line === 'elected').length;
    const before = elections();
    expect(b.lines.at(-1)).toBe('elected');

    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const database = new URL(db.url).pathname.slice(1);
    const cut = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    await admin.end();
    expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    await waitFor(() => b.lines.includes('demoted'), 10_000);
    await waitFor(() => elections() > before, 30_000);

    const client = emulator.server.getClient(TOKEN, {
      chatId: 6161,
      userId: 6161,
      type: 'private',
      timeout: 20_000,
    });
    await client.sendMessage(client.makeMessage('Still there?'));
    const reply = await client.getUpdates();
    expect(reply.result[0]?.message.text).toMatch(/Still there\? \(answered by [BC]\)/);
    // Each getUpdates is an interval at the Bot API, from its arrival until its answer or abort.
    const polls = (gateway: TelegramGateway) =>
      gateway.calls
        .filter((call) => call.method === 'getUpdates')
        .map((call) => [call.at, call.endedAt ?? Infinity] as const);
    for (const [startB, endB] of polls(gatewayB)) {
      for (const [startC, endC] of polls(gatewayC)) expect(startB < endC && startC < endB).toBe(false);
    }
    expect(c.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  });
});
