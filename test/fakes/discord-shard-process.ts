/**
 * One bot process holding a slice of the Discord shards, for the two-process shard test and
 * `npm run bench:discord`: the real config parsing, core and Discord adapter, an in-memory PGlite
 * and an instant answerer that names the shards it runs on. Prints "ready" once every shard of the
 * slice is ready (and, on shard 0, the commands are registered).
 * Env: DISCORD_TOKEN, DISCORD_API_URL, DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS.
 */
import { createDiscordAdapter } from '../../bot/adapters/discord/discord.ts';
import { loadConfig } from '../../bot/config.ts';
import { createBotCore } from '../../bot/core.ts';
import { createLogger } from '../../bot/logger.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { sampleAnswer } from './fake-ask.ts';

const loaded = loadConfig(process.env);
if (!loaded.ok || !loaded.value.discord) {
  process.stderr.write(`${loaded.ok ? 'DISCORD_TOKEN is not set' : loaded.reason}\n`);
  process.exit(2);
}
const discord = loaded.value.discord;
const name = `shards ${process.env.DISCORD_SHARD_IDS ?? 'all'}`;
const db = await createDatabase({ dataDir: 'memory://' });
await migrate(db);
const logger = createLogger(process.env.LOG_LEVEL === 'error' ? 'error' : 'silent', process.stderr);
const core = await createBotCore({
  db,
  ask: async (question) => sampleAnswer(`${question} (answered by ${name})`),
  // The bench's simulated users ask often; the per-user limit is not what it measures.
  limits: {
    askPerMinute: 100_000,
    askPerDay: 1_000_000,
    questionMaxChars: 1000,
    askTimeoutMs: 5000,
    askConcurrency: 16,
  },
  logger,
});
const adapter = createDiscordAdapter({
  ...discord,
  router: core.router,
  reachability: core.reachability,
  logger,
});
await adapter.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void adapter
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
