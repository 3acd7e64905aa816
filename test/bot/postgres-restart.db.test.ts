import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/database.ts';
import { createLogger } from '../../bot/logger.ts';
import { createBotCore } from '../../bot/core.ts';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../bot/errors.ts';
import { startThrowawayCluster, type ThrowawayCluster } from '../fakes/postgres-cluster.ts';
import {
  startTelegramEmulator,
  startTelegramGateway,
  type BotApiCall,
  type TelegramGateway,
} from '../fakes/telegram-emulator.ts';
import { seedDeliveries, type SeededDeliveries } from './restart/seed-deliveries.ts';
import { waitFor } from './wait-for.ts';

const TOKEN = '515151:RESTART_TOKEN_abcdefghijklmnopqrstuvwx';
const root = fileURLToPath(new URL('../..', import.meta.url));
const DIGEST = /^Daily DePIN digest/;
const ALERT = /Alert/;

/** The product as an operator runs it: `npm start` with Telegram long polling and metrics on. */
function startBot(databaseUrl: string, apiRoot: string): { child: ChildProcess; log: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      DISCORD_TOKEN: '',
      TELEGRAM_WEBHOOK_URL: '',
      OPENAI_API_KEY: '',
      METRICS_MODE: 'replay',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const collect = (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, log };
}

// The test owns a throwaway cluster (it restarts it), built like .ci/start-postgres.sh builds the
// shared one; like every Postgres test it runs where DATABASE_URL is set (.ci/run always sets it).
describe.runIf(process.env.DATABASE_URL)('a Postgres restart under a polling bot with metrics on', () => {
  let cluster: ThrowawayCluster;
  let emulator: Awaited<ReturnType<typeof startTelegramEmulator>>;
  let gateway: TelegramGateway;
  let bot: ReturnType<typeof startBot>;
  let chatId = 9100;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    emulator = await startTelegramEmulator();
    gateway = await startTelegramGateway({ upstream: emulator.apiUrl, answerPhotos: true });
    bot = startBot(cluster.url(), gateway.apiUrl);
  });
  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await gateway?.close();
    await emulator?.server.stop();
    cluster?.stop();
  });

  /** A question from a new private chat; resolves with the bot's first reply text. */
  async function ask(question: string, timeoutMs: number): Promise<string> {
    chatId += 1;
    const client = emulator.server.getClient(TOKEN, {
      chatId,
      userId: chatId,
      type: 'private',
      timeout: timeoutMs,
    });
    await client.sendMessage(client.makeMessage(question));
    const updates = await client.getUpdates();
    return updates.result[0]?.message.text ?? '(no answer)';
  }

  const sentTo = (chat: string, after: number): BotApiCall[] =>
    gateway.calls.filter(
      (call) =>
        (call.method === 'sendMessage' || call.method === 'sendPhoto') &&
        String(call.params.chat_id) === chat &&
        call.at >= after,
    );
  const textOf = (call: BotApiCall) => String(call.params.text ?? call.params.caption ?? '');

  it(
    'stays up, answers at +5 s and +30 s, and delivers a queued alert and digest exactly once',
    { timeout: 240_000 },
    async () => {
      const warmUp = await ask('What is Akash?', 120_000);
      expect(warmUp, bot.log.slice(-20).join('\n')).toMatch(/Akash/);

      const db = await createDatabase({ url: cluster.url(), dataDir: 'memory://' });
      let seeded: SeededDeliveries;
      try {
        seeded = await seedDeliveries(db, 6);
      } finally {
        await db.close();
      }
      const restartAt = Date.now();
      const terminated = await cluster.terminateBackends('depin_fault');
      cluster.restart();
      const restartedAt = Date.now();
      console.log(
        `[postgres restart] terminated ${terminated} backends, pg_ctl restart took ${restartedAt - restartAt} ms`,
      );
      expect(terminated).toBeGreaterThanOrEqual(2);

      const askAt = async (offsetMs: number, question: string) => {
        await new Promise((resolve) => setTimeout(resolve, restartedAt + offsetMs - Date.now()));
        const askedAt = Date.now();
        const answer = await ask(question, 60_000);
        console.log(
          `[postgres restart] +${Math.round(offsetMs / 1000)} s: answered in ${Date.now() - askedAt} ms: ${answer.slice(0, 60)}…`,
        );
        return answer;
      };
      const atFive = await askAt(5_000, 'What is Filecoin?');
      expect(bot.child.exitCode, bot.log.slice(-30).join('\n')).toBeNull();
      expect(atFive).not.toContain(DATABASE_UNAVAILABLE_MESSAGE);
      expect(atFive).not.toMatch(/I don't know|went wrong/);
      expect(atFive).toMatch(/Filecoin/);
      const atThirty = await askAt(30_000, 'What is Render?');
      expect(atThirty).not.toMatch(/I don't know|went wrong/);
      expect(atThirty).toMatch(/Render/);

      const alerts = await waitFor(() => {
        const calls = sentTo(seeded.alertChat, 0);
        return calls.length > 0 && calls;
      }, 60_000);
      const digests = await waitFor(() => {
        const calls = sentTo(seeded.digestChat, 0).filter((call) => DIGEST.test(textOf(call)));
        return calls.length > 0 && calls;
      }, 60_000);
      // Time for a second copy to show up, were pg-boss to hand a job out twice.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(alerts.every((call) => call.at >= restartedAt)).toBe(true);
      expect(sentTo(seeded.alertChat, 0).filter((call) => ALERT.test(textOf(call)))).toHaveLength(1);
      expect(digests.every((call) => call.at >= restartedAt)).toBe(true);
      expect(sentTo(seeded.digestChat, 0).filter((call) => DIGEST.test(textOf(call)))).toHaveLength(1);
      expect(bot.child.exitCode).toBeNull();
      console.log(
        `[postgres restart] alive; alert delivered once at +${alerts[0]!.at - restartedAt} ms, ` +
          `digest once at +${digests[0]!.at - restartedAt} ms after the restart`,
      );
      expect(bot.log.join('\n')).toMatch(/leader lock lost or unavailable/);
    },
  );

  it('tells a question asked while Postgres is down that the database is unreachable', async () => {
    const db = await createDatabase({ url: cluster.url(), dataDir: 'memory://' });
    const core = await createBotCore({
      db,
      ask: async () => {
        throw new Error('not reached');
      },
      limits: {
        askPerMinute: 10,
        askPerDay: 100,
        questionMaxChars: 1000,
        askTimeoutMs: 5_000,
        askConcurrency: 2,
      },
      logger: createLogger('silent'),
    });
    bot.child.kill('SIGKILL');
    cluster.stop();
    const outgoing = await core.router.handle({
      platform: 'telegram',
      channel: { platform: 'telegram', chatId: '4242' },
      chatKind: 'private',
      userId: '4242',
      text: 'What is Akash?',
      messageId: '1',
      isModerator: async () => false,
    });
    expect(outgoing?.reply.blocks.join(' ')).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    await db.close();
  });
});
