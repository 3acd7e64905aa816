import type { Database } from '../db/database.ts';
import { createTelegramAdapter } from './adapters/telegram/telegram.ts';
import type { ChatAdapter } from '../chat/chat-adapter.ts';
import type { Config } from './config.ts';
import type { BotCore } from './core.ts';
import { createLeaderElection } from './leader-lock.ts';
import type { Logger } from './logger.ts';

export interface ChatAdapterDeps {
  config: Config;
  core: BotCore;
  db: Database;
  logger: Logger;
}

/** One adapter per platform whose credentials are set. */
export async function createChatAdapters(deps: ChatAdapterDeps): Promise<ChatAdapter[]> {
  const { config, core, db, logger } = deps;
  const adapters: ChatAdapter[] = [];
  if (config.telegram) {
    const telegram = config.telegram;
    const log = logger.child({ platform: 'telegram' });
    // Only one process may poll a token. PGlite is single-process by construction, so no lock there.
    const election =
      !telegram.webhook && db.kind === 'postgres'
        ? createLeaderElection({ db, name: `telegram-poller:${telegram.token.split(':')[0]}`, logger: log })
        : undefined;
    adapters.push(
      createTelegramAdapter({
        token: telegram.token,
        apiRoot: telegram.apiRoot,
        webhook: telegram.webhook,
        election,
        router: core.router,
        reachability: core.reachability,
        sharedLimits: core.sharedLimits,
        logger: log,
      }),
    );
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/discord.ts');
    adapters.push(
      createDiscordAdapter({
        ...config.discord,
        router: core.router,
        reachability: core.reachability,
        sharedLimits: core.sharedLimits,
        logger: logger.child({ platform: 'discord' }),
      }),
    );
  }
  return adapters;
}
