/**
 * One bot process for the two-process poller test: the real core and Telegram adapter on Postgres,
 * polling only while it holds the advisory lock. Prints "started", "elected" and "demoted" lines.
 * Env: DATABASE_URL, TELEGRAM_API_ROOT, TELEGRAM_BOT_TOKEN, PROCESS_NAME.
 */
import { createTelegramAdapter } from '../../bot/adapters/telegram/telegram.ts';
import { createBotCore } from '../../bot/core.ts';
import { createLeaderElection, type LeaderElection } from '../../bot/leader-lock.ts';
import { createLogger } from '../../bot/logger.ts';
import { createDatabase } from '../../db/database.ts';
import { sampleAnswer } from './fake-ask.ts';

const name = process.env.PROCESS_NAME ?? 'bot';
const token = process.env.TELEGRAM_BOT_TOKEN ?? '';
const db = await createDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
const logger = createLogger('silent');
const core = await createBotCore({
  db,
  ask: async (question) => sampleAnswer(`${question} (answered by ${name})`),
  limits: {
    askPerMinute: 100,
    askPerDay: 1000,
    questionMaxChars: 1000,
    askTimeoutMs: 5000,
    askConcurrency: 4,
  },
  logger,
});
const lock = createLeaderElection({
  db,
  name: `telegram-poller:${token.split(':')[0]}`,
  logger,
  retryMs: 300,
  heartbeatMs: 500,
});
const election: LeaderElection = {
  ...lock,
  start: (roles) =>
    lock.start({
      onElected: async () => {
        await roles.onElected();
        process.stdout.write('elected\n');
      },
      onDemoted: async () => {
        await roles.onDemoted();
        process.stdout.write('demoted\n');
      },
    }),
};
const adapter = createTelegramAdapter({
  token,
  apiRoot: process.env.TELEGRAM_API_ROOT ?? '',
  router: core.router,
  reachability: core.reachability,
  logger,
  election,
});
await adapter.start();
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void adapter
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
