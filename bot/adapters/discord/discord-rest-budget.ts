import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import type { Logger } from '../../logger.ts';
import { createSendLimiter, RECEIVER_JITTER_MS, type SendLimiterOptions } from '../../send-limiter.ts';
import { createSharedSendLimiter } from '../../shared-send-limiter.ts';
import type { SharedLimits } from '../../shared-limits.ts';

/** Discord's global limit: requests per second per bot, every route together. */
export const DISCORD_REQUESTS_PER_SECOND = 50;

/** How long one HTTP request may take once it has its slot (discord.js's own default). */
const REQUEST_TIMEOUT_MS = 15_000;
/** How long a request may wait for a slot and then run: discord.js's timeout, which starts before the wait. */
const QUEUE_TIMEOUT_MS = 120_000;
/** The limiter's one "chat": Discord's per-route buckets are discord.js's job, not this budget's. */
const ALL_ROUTES = 'rest';

/**
 * The global budget in any sliding window as Discord stamps arrivals. Alerts and digests (bulk) take
 * at most 60% of it, so a fan-out leaves answers and command edits the rest.
 */
export function discordRequestLimits(perSecond: number): SendLimiterOptions {
  const windowMs = 1_000 + RECEIVER_JITTER_MS;
  return {
    overall: { max: perSecond, windowMs },
    bulk: { max: Math.max(1, Math.floor(perSecond * 0.6)), windowMs },
    perChat: () => [],
  };
}

/**
 * What one process may send while it cannot reach the shared limits: a tenth of the budget, enough
 * to tell users it is busy, so little that ten processes together stay inside Discord's limit.
 */
export function discordDegradedLimits(perSecond: number): SendLimiterOptions {
  return {
    overall: { max: Math.max(1, Math.floor(perSecond / 10)), windowMs: 1_000 + RECEIVER_JITTER_MS },
    perChat: () => [],
  };
}

/**
 * The budget's name in Postgres: one per bot, never the token. The application id is only known
 * after the first request (GET /gateway/bot), so the key is a hash of the token: the same for every
 * process of one bot, and it gives nothing of the token away.
 */
export function discordBudgetScope(token: string): string {
  return `discord:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

/**
 * The initial interaction response (the 3 s acknowledgement). Discord does not count interaction
 * callbacks against the global limit, and discord.js exempts them too (its BurstHandler): they must
 * never wait behind a digest. Edits and follow-ups through the interaction webhook do count.
 */
const isInteractionCallback = (url: string) => /\/interactions\/\d+\/[^/?]+\/callback(\?|$)/.test(url);

export interface DiscordRestBudgetOptions {
  /** The bot token: only its hash names the shared budget. */
  token: string;
  /** Requests per second across every process of this bot (default 50, Discord's global limit). */
  perSecond?: number;
  /** The budget shared with every process on the database; without it, this process's own. */
  shared?: SharedLimits;
  logger: Logger;
  /** How long one HTTP request may take once it has its slot (default 15 s); tests use a short one. */
  requestTimeoutMs?: number;
}

export interface DiscordRestBudget {
  /** discord.js REST options: every HTTP request the client makes first takes a slot of the budget. */
  rest: Pick<RESTOptions, 'makeRequest' | 'timeout' | 'globalRequestsPerSecond'>;
  /** Runs unprompted sends (alerts, digests): their requests count against the bulk share. */
  asBulk<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Discord's 50 requests/s per bot as one budget. The thinnest hook that sees every request is
 * discord.js's `makeRequest` (the HTTP call under its queues, retries included): messages,
 * interaction edits, command registration and the gateway lookup all go through it. The in-memory
 * limiter stays in front of the shared one (see createSharedSendLimiter), so a lone process pays no
 * round trip per request; with Postgres unreachable a process falls back to the degraded trickle.
 */
export function createDiscordRestBudget(options: DiscordRestBudgetOptions): DiscordRestBudget {
  const perSecond = options.perSecond ?? DISCORD_REQUESTS_PER_SECOND;
  const rules = discordRequestLimits(perSecond);
  const limiter = options.shared
    ? createSharedSendLimiter({
        limits: options.shared,
        scope: discordBudgetScope(options.token),
        rules,
        degraded: discordDegradedLimits(perSecond),
        logger: options.logger,
      })
    : createSendLimiter(rules);
  const unprompted = new AsyncLocalStorage<true>();

  /** The request timeout starts once the slot is taken: a wait in the queue is not a slow Discord. */
  async function request(url: string, init: Parameters<RESTOptions['makeRequest']>[1]) {
    const controller = new AbortController();
    // abort() without a reason: discord.js retries an AbortError, as it does on its own timeout.
    const onAbort = () => controller.abort();
    const outer = init.signal;
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(onAbort, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
    try {
      return await DefaultRestOptions.makeRequest(url, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  return {
    rest: {
      timeout: QUEUE_TIMEOUT_MS,
      // discord.js's own per-process counter stays as a backstop; this budget is the stricter one.
      globalRequestsPerSecond: perSecond,
      makeRequest(url, init) {
        if (isInteractionCallback(url)) return request(url, init);
        return limiter.run(
          ALL_ROUTES,
          () => request(url, init),
          init.signal ?? undefined,
          unprompted.getStore() === true,
        );
      },
    },
    asBulk: (work) => unprompted.run(true, work),
  };
}
