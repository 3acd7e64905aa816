import { createDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createMetricsCommands, createMetricsForgetHook } from '../metrics/metrics-commands.ts';
import { createMetrics } from './start-metrics.ts';
import { createTerminalAdapter } from './adapters/terminal/terminal.ts';
import type { ChatAdapter } from '../chat/chat-adapter.ts';
import type { Config } from './config.ts';
import { createBotCore, type BotCore } from './core.ts';
import { startKnowledge } from './start-knowledge.ts';
import { createLogger, redactSecrets, type Logger } from './logger.ts';
import { createChatAdapters } from './chat-adapters.ts';
import { loadUserHasher } from './user-hash.ts';
import { loadEnvironmentConfig } from './load-environment-config.ts';
import { createSharedLimits } from './shared-limits.ts';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const SHUTDOWN_GRACE_MS = 10_000;

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/**
 * Composition root: config → logger → database → migrations → metrics → knowledge (ask) → bot core
 * → adapters → alert and digest delivery. With no chat token the terminal chat opens.
 * SIGINT/SIGTERM stop everything in reverse order.
 */
async function main(): Promise<void> {
  const config = loadEnvironmentConfig();
  if (!config) {
    process.exitCode = 1;
    return;
  }
  const terminalMode = config.telegram === undefined && config.discord === undefined;
  // In the terminal chat stdout is the conversation, so logs go to stderr.
  const logger = createLogger(config.logLevel, terminalMode ? process.stderr : undefined);
  const started: Stoppable[] = [];
  const shutdown = onceShutdown(started, logger);
  process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));

  const db = await createDatabase(config.database);
  started.push({ name: 'database', stop: () => db.close() });
  await migrate(db);
  // Alerts and digests go out through the chat adapters: delivery starts once they are up.
  const metrics = await createMetrics({ db, config, logger });
  started.push({ name: 'metrics', stop: () => metrics.stop() });
  const { ask } = await startKnowledge({
    db,
    config,
    logger,
    metrics: { answerFromMetrics: metrics.answerFromMetrics },
  });
  const hashUser = await loadUserHasher(db);
  const sharedLimits = usesSharedLimits(config, db) ? createSharedLimits(db) : undefined;
  const core = await createBotCore({
    db,
    ask,
    limits: config.limits,
    logger,
    hashUser,
    commands: createMetricsCommands(metrics.services, hashUser),
    forgetHooks: [createMetricsForgetHook(metrics.services)],
    sharedLimits,
  });
  started.push(startPurging(core, logger));

  if (terminalMode) {
    const terminal = createTerminalAdapter({
      router: core.router,
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
      logger,
    });
    await terminal.start();
    await metrics.startDelivery([terminal]);
    started.push({ name: 'terminal', stop: () => terminal.stop() });
    await terminal.closed;
    await shutdown('end of input');
    return;
  }
  const { running, failures } = await startChatAdapters(
    await createChatAdapters({ config, core, db, logger }),
    logger,
  );
  if (running.length === 0) {
    const reason = `no chat platform could start: ${failures.join('; ')}`;
    logger.fatal(reason);
    await shutdown('startup failed');
    // Serve or exit: nothing left running may keep the process alive half-started.
    console.error(reason);
    process.exit(1);
  }
  await metrics.startDelivery(running);
  for (const adapter of running) started.push({ name: adapter.platform, stop: () => adapter.stop() });
}

/**
 * One platform failing to connect never takes the other down. One that fails is stopped at once
 * (its client destroyed, its port closed), so it cannot linger online half-started.
 */
async function startChatAdapters(
  adapters: ChatAdapter[],
  logger: Logger,
): Promise<{ running: ChatAdapter[]; failures: string[] }> {
  const results = await Promise.allSettled(adapters.map((adapter) => adapter.start()));
  const running: ChatAdapter[] = [];
  const failures: string[] = [];
  for (const [index, result] of results.entries()) {
    const adapter = adapters[index];
    if (!adapter) continue;
    if (result.status === 'fulfilled') {
      running.push(adapter);
      logger.info({ platform: adapter.platform }, 'chat platform started');
      continue;
    }
    const message = redactSecrets(
      result.reason instanceof Error ? result.reason.message : String(result.reason),
    );
    failures.push(`${adapter.platform}: ${message}`);
    logger.error(
      { platform: adapter.platform, err: message },
      `${adapter.platform} could not start: ${message}`,
    );
    await adapter
      .stop()
      .catch((error: unknown) => logger.warn({ err: error, platform: adapter.platform }, 'stop failed'));
  }
  return { running, failures };
}

/** Shared limits need a database several processes can reach: Postgres, not the embedded PGlite. */
function usesSharedLimits(config: Config, db: Database): boolean {
  const setting = config.limits.shared ?? 'auto';
  return setting === 'on' || (setting === 'auto' && db.kind === 'postgres');
}

function startPurging(core: BotCore, logger: Logger): Stoppable {
  const purge = () => core.purge().catch((error: unknown) => logger.warn({ err: error }, 'purge failed'));
  void purge();
  const timer = setInterval(purge, PURGE_INTERVAL_MS);
  timer.unref();
  return { name: 'purge', stop: async () => clearInterval(timer) };
}

function onceShutdown(started: Stoppable[], logger: Logger): (reason: string) => Promise<void> {
  let done: Promise<void> | undefined;
  return (reason) => {
    done ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
      force.unref();
      for (const part of [...started].reverse()) {
        await part
          .stop()
          .catch((error: unknown) => logger.warn({ err: error, part: part.name }, 'stop failed'));
      }
      clearTimeout(force);
    })();
    return done;
  };
}

main().catch((error: unknown) => {
  console.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  process.exit(1);
});
