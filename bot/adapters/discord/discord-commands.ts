import { Routes, type REST } from 'discord.js';
import { redactSecrets, type Logger } from '../../logger.ts';

const MAX_RETRY_MS = 10 * 60_000;

/** Discord leaves out what is false or empty and adds ids, versions and defaults of its own. */
const isBlank = (value: unknown) =>
  value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);

/** True when `registered` already says everything `wanted` says (extra fields Discord adds are ignored). */
export function coversCommand(registered: unknown, wanted: unknown): boolean {
  if (isBlank(wanted)) return isBlank(registered);
  if (Array.isArray(wanted))
    return (
      Array.isArray(registered) &&
      registered.length === wanted.length &&
      wanted.every((item, index) => coversCommand(registered[index], item))
    );
  if (typeof wanted === 'object')
    return (
      typeof registered === 'object' &&
      registered !== null &&
      Object.entries(wanted as object).every(([key, value]) =>
        coversCommand((registered as Record<string, unknown>)[key], value),
      )
    );
  return registered === wanted;
}

/** The registered commands are exactly the wanted ones, in whatever order Discord lists them. */
export function isSameCommandSet(registered: unknown[], wanted: ReadonlyArray<{ name: string }>): boolean {
  const byName = new Map(
    registered.map((command) => [(command as { name?: unknown }).name, command] as const),
  );
  return (
    registered.length === wanted.length &&
    wanted.every((command) => coversCommand(byName.get(command.name), command))
  );
}

export interface CommandRegistrar {
  /** Registers now; a failure is logged and retried with back-off until it succeeds or stop(). */
  start(): Promise<void>;
  stop(): void;
}

export interface CommandRegistrarOptions {
  rest: REST;
  /** The slash-command JSON to register (buildSlashCommands). */
  commands: ReadonlyArray<{ name: string }>;
  applicationId: string;
  guildId?: string;
  logger: Logger;
  /** First retry delay; doubles up to 10 minutes. */
  retryMs?: number;
}

/**
 * Registers the slash commands once per deployment, not per start: the registered set is read
 * first and the PUT skipped when it already matches (a restart or a second process costs one GET).
 */
export function createCommandRegistrar(options: CommandRegistrarOptions): CommandRegistrar {
  const { rest, logger } = options;
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const scope = options.guildId ?? 'global';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function register(): Promise<void> {
    const wanted = options.commands;
    const registered = (await rest.get(route)) as unknown[];
    if (isSameCommandSet(registered, wanted)) {
      logger.info({ guild: scope, commands: wanted.length }, 'discord slash commands already registered');
      return;
    }
    await rest.put(route, { body: wanted });
    logger.info({ guild: scope, commands: wanted.length }, 'discord slash commands registered');
  }

  async function attempt(delayMs: number): Promise<void> {
    if (stopped) return;
    try {
      await register();
    } catch (error) {
      if (stopped) return;
      const detail = redactSecrets(error instanceof Error ? error.message : String(error));
      logger.error(
        { guild: scope, err: detail, retryInMs: delayMs },
        `discord slash-command registration failed (${detail}); mentions and DMs still work, ` +
          `retrying in ${Math.round(delayMs / 1000)} s`,
      );
      timer = setTimeout(() => void attempt(Math.min(delayMs * 2, MAX_RETRY_MS)), delayMs);
      timer.unref();
    }
  }

  return {
    start: () => attempt(options.retryMs ?? 5_000),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
