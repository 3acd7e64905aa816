/**
 * A metrics worker process for the crash tests and the digest benchmark: plans due digest runs at
 * start (catch-up), fans out, and delivers digests and alerts to a loopback Bot API until SIGTERM.
 * Environment: DATABASE_URL or PGLITE_DIR, BOT_API_URL, SEND_RATE, SEND_CONCURRENCY; ADAPTER=telegram
 * sends through the product's Telegram adapter (its send limits, photos) instead of the text-only
 * fake, CHARTS=1 attaches the charts, JOB_TIMING=product keeps pg-boss's product expiry and retries.
 */
import { pino } from 'pino';
import { createDatabase } from '../../../../db/database.ts';
import { startMetrics } from '../../../../bot/start-metrics.ts';
import { createTelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { createReachabilityStore } from '../../../../bot/reachability-store.ts';
import type { Router } from '../../../../bot/router.ts';
import { createBotApiAdapter } from '../../../fakes/bot-api-adapter.ts';
import { WORKER_JOB_OPTIONS } from './worker-options.ts';

const env = process.env;
/** This worker only sends; it never receives updates. */
const noRouter: Router = {
  specs: [],
  handle: async () => undefined,
  press: async () => '',
  autocomplete: () => [],
};
const logger = pino({ level: env.WORKER_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const db = await createDatabase({
  url: env.DATABASE_URL || undefined,
  dataDir: env.PGLITE_DIR ?? 'memory://',
});
const metrics = await startMetrics({
  db,
  logger,
  adapters: [
    env.ADAPTER === 'telegram'
      ? createTelegramAdapter({
          token: '123:TEST',
          apiRoot: env.BOT_API_URL!,
          router: noRouter,
          reachability: createReachabilityStore(db),
          logger,
        })
      : createBotApiAdapter(env.BOT_API_URL!),
  ],
  config: {
    metrics: {
      mode: 'replay',
      akashApiUrl: 'http://127.0.0.1:9',
      coingeckoApiUrl: 'http://127.0.0.1:9',
      defillamaApiUrl: 'http://127.0.0.1:9',
      timeoutMs: 1_000,
      sendRatePerSecond: Number(env.SEND_RATE ?? 100),
      sendConcurrency: Number(env.SEND_CONCURRENCY ?? 8),
    },
  },
  tickMs: 500,
  jobs: env.JOB_TIMING === 'product' ? undefined : WORKER_JOB_OPTIONS,
  chart: env.CHARTS === '1',
});
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void metrics
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
