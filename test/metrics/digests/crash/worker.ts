/**
 * A metrics worker process for the crash tests and the digest benchmark: plans due digest runs at
 * start (catch-up), fans out, and delivers digests and alerts to a loopback Bot API until SIGTERM.
 * Environment: DATABASE_URL or PGLITE_DIR, BOT_API_URL, SEND_RATE, SEND_CONCURRENCY.
 */
import { pino } from 'pino';
import { createDatabase } from '../../../../db/database.ts';
import { startMetrics } from '../../../../bot/start-metrics.ts';
import { createBotApiAdapter } from '../../../fakes/bot-api-adapter.ts';
import { WORKER_JOB_OPTIONS } from './worker-options.ts';

const env = process.env;
const logger = pino({ level: env.WORKER_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const db = await createDatabase({
  url: env.DATABASE_URL || undefined,
  dataDir: env.PGLITE_DIR ?? 'memory://',
});
const metrics = await startMetrics({
  db,
  logger,
  adapters: [createBotApiAdapter(env.BOT_API_URL!)],
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
  jobs: WORKER_JOB_OPTIONS,
  chart: false,
});
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void metrics
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
