import type { Database } from '../db/database.ts';
import type { ChatAdapter } from './adapters/types.ts';
import type { Config } from './config.ts';
import type { BotCore } from './core.ts';
import type { Logger } from './logger.ts';

export interface ChatAdapterDeps {
  config: Config;
  core: BotCore;
  db: Database;
  logger: Logger;
}

/** One adapter per platform whose credentials are set. */
export function createChatAdapters(deps: ChatAdapterDeps): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  void deps;
  return adapters;
}
