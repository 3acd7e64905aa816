import type { Logger } from './logger.ts';
import type { LimitRule, SharedLimits } from './shared-limits.ts';
import { createSendLimiter, type SendLimiter, type SendLimiterOptions } from './send-limiter.ts';

export interface SharedSendLimiterOptions {
  limits: SharedLimits;
  /** Names the budget: one per bot and platform ('telegram:123456'); never the token itself. */
  scope: string;
  /** The platform's limits, held in this process and across all of them. */
  rules: SendLimiterOptions;
  /** Held instead of the shared limits while Postgres cannot be reached. */
  degraded: SendLimiterOptions;
  logger: Logger;
  /**
   * How long a send's slots count as in flight if it never settles (its process died): longer
   * than a send normally takes, since a slower one is counted from here, not from when it lands.
   */
  holdMs?: number;
  /** Longest wait before asking again for a full window (a send elsewhere may settle sooner). */
  pollMs?: number;
}

/** Abortable as the limiter sees it (grammY hands over a polyfilled signal). */
type Abortable = Parameters<SendLimiter['run']>[2];

/**
 * The in-memory limiter stays in front: a send first takes its slots in this process (no round
 * trip; a flood queues here), then the same slots in Postgres (one statement, batched with the
 * process's other sends), and after it settles stamps them there (batched too). Alone, the shared
 * take never refuses, since the local windows already hold everything this process sends. A
 * process that cannot reach Postgres fails closed to the degraded trickle.
 */
export function createSharedSendLimiter(options: SharedSendLimiterOptions): SendLimiter {
  const { limits, scope, rules, logger } = options;
  const local = createSendLimiter(rules);
  const degraded = createSendLimiter(options.degraded);
  const holdMs = options.holdMs ?? 15_000;
  const pollMs = options.pollMs ?? 50;
  let unreachableSince: number | undefined;

  const rulesFor = (chatId: string, bulk: boolean): LimitRule[] => [
    { key: `${scope}:all`, ...rules.overall },
    ...(bulk && rules.bulk ? [{ key: `${scope}:bulk`, ...rules.bulk }] : []),
    ...rules.perChat(chatId).map((limit) => ({ key: `${scope}:chat:${chatId}`, ...limit })),
  ];

  async function acquire(chatId: string, bulk: boolean, signal?: Abortable): Promise<string[]> {
    for (;;) {
      if (signal?.aborted) throw new Error('send aborted while waiting for a slot');
      const taken = await limits.take(rulesFor(chatId, bulk), holdMs);
      if (taken.granted) return taken.slotIds;
      await sleep(Math.min(Math.max(taken.waitMs, 1), pollMs), signal);
    }
  }

  return {
    run(chatId, send, signal, bulk = false) {
      return local.run(
        chatId,
        async () => {
          let slotIds: string[];
          try {
            slotIds = await acquire(chatId, bulk, signal);
          } catch (error) {
            if (signal?.aborted) throw error;
            if (unreachableSince === undefined) {
              unreachableSince = Date.now();
              logger.error({ err: error }, 'shared send limits unreachable; sending at the degraded rate');
            }
            return degraded.run(chatId, send, signal, bulk);
          }
          if (unreachableSince !== undefined) {
            logger.warn({ downMs: Date.now() - unreachableSince }, 'shared send limits reachable again');
            unreachableSince = undefined;
          }
          try {
            return await send();
          } finally {
            // A settle that fails leaves the slots counting until their hold ends: stricter, never looser.
            limits
              .settle(slotIds)
              .catch((error: unknown) => logger.warn({ err: error }, 'settling send slots failed'));
          }
        },
        signal,
        bulk,
      );
    },
  };
}

function sleep(ms: number, signal?: Abortable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('send aborted while waiting for a slot'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
