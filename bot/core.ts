import type { Database } from '../db/database.ts';
import { lastIngestAt, listDocuments } from '../knowledge/document-store.ts';
import type { Ask } from '../retrieval/answer-types.ts';
import { createAnswerLog } from './answer-log.ts';
import { createAboutCommand } from './commands/about.ts';
import { createAskCommand } from './commands/ask.ts';
import type { Command } from '../chat/command.ts';
import { createForgetCommand, type ForgetHook } from './commands/forget.ts';
import { createHelpCommand } from './commands/help.ts';
import type { KnowledgeInfo } from './commands/knowledge-info.ts';
import { createReportCommand } from './commands/report.ts';
import { createSourcesCommand } from './commands/sources.ts';
import type { Config } from './config.ts';
import { createConversationStore } from './conversation-store.ts';
import { createFeedbackStore } from './feedback-store.ts';
import type { Logger } from './logger.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createQuestionLimiter } from './shared-rate-limit.ts';
import type { SharedLimits } from './shared-limits.ts';
import { createReachabilityStore, type ReachabilityStore } from './reachability-store.ts';
import { createRouter, type Router } from './router.ts';
import { createSemaphore } from '../lib/semaphore.ts';
import { loadUserHasher, type UserHasher } from './user-hash.ts';

/** Questions and answers are kept this long for /report, then purged. */
const ANSWER_RETENTION_DAYS = 30;

export interface BotCoreOptions {
  db: Database;
  ask: Ask;
  limits: Config['limits'];
  logger: Logger;
  knowledge?: KnowledgeInfo;
  /** Other areas' command plugins (metrics: /metrics, /alert, /subscribe, ...), installed next to the core's. */
  commands?: readonly Command[];
  /** The keyed user hasher, when the caller already loaded it for its plugins. */
  hashUser?: UserHasher;
  forgetHooks?: readonly ForgetHook[];
  /** Limits kept in Postgres for every process (LIMITS_SHARED); without it each process limits alone. */
  sharedLimits?: SharedLimits;
  now?: () => number;
}

export interface BotCore {
  router: Router;
  reachability: ReachabilityStore;
  /** The same shared limits, for the adapters' send budgets. */
  sharedLimits?: SharedLimits;
  /** Deletes expired conversation context and answers past retention. */
  purge(): Promise<void>;
}

/** Everything platform-independent, wired once; adapters receive the router. */
export async function createBotCore(options: BotCoreOptions): Promise<BotCore> {
  const { db, limits } = options;
  const hashUser = options.hashUser ?? (await loadUserHasher(db));
  const answers = createAnswerLog(db);
  const conversations = createConversationStore(db);
  const feedback = createFeedbackStore(db);
  const reachability = createReachabilityStore(db);
  const knowledge = options.knowledge ?? {
    listDocuments: () => listDocuments(db),
    lastIngestAt: () => lastIngestAt(db),
  };
  const ask = createAskCommand({
    ask: options.ask,
    answers,
    conversations,
    hashUser,
    rateLimiter: createQuestionLimiter({
      local: createRateLimiter({
        perMinute: limits.askPerMinute,
        perDay: limits.askPerDay,
        now: options.now,
      }),
      shared: options.sharedLimits,
      perMinute: limits.askPerMinute,
      perDay: limits.askPerDay,
    }),
    semaphore: createSemaphore(limits.askConcurrency),
    limits,
  });
  const commands: Command[] = [
    ask,
    ...(options.commands ?? []),
    createHelpCommand(() => router.specs),
    createAboutCommand(knowledge),
    createSourcesCommand(knowledge),
    createReportCommand(answers),
    createForgetCommand({ answers, feedback, hashUser, hooks: options.forgetHooks ?? [] }),
  ];
  const router: Router = createRouter({
    commands,
    feedback,
    hashUser,
    reachability,
    logger: options.logger,
  });
  return {
    router,
    reachability,
    sharedLimits: options.sharedLimits,
    async purge() {
      await conversations.purgeExpired();
      await answers.purgeOlderThan(ANSWER_RETENTION_DAYS);
      await options.sharedLimits?.purge();
    },
  };
}
