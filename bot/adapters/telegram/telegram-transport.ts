import { AsyncLocalStorage } from 'node:async_hooks';
import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Api, type Transformer } from 'grammy';
import { redactSecrets, type Logger } from '../../logger.ts';
import type { SharedLimits } from '../../shared-limits.ts';
import { createSendLimiter } from '../../send-limiter.ts';
import { createSharedSendLimiter } from '../../shared-send-limiter.ts';
import { telegramDegradedSendLimits, telegramSendLimits } from './telegram-send-limits.ts';

export interface TelegramTransportOptions {
  logger: Logger;
  /** Waits before the retries of a call that failed on the network (not at Telegram). */
  networkRetryDelaysMs?: readonly number[];
  /** While getUpdates keeps failing, a warning this often says for how long (default 10 s). */
  pollingWarnEveryMs?: number;
  /** The bot's budget shared with every process on the database; without it, this process's own. */
  shared?: { limits: SharedLimits; botId: string };
}

const unprompted = new AsyncLocalStorage<true>();

/** Runs the sends of an alert or digest: they count against the bulk share of the budget. */
export function asBulkSends<T>(work: () => Promise<T>): Promise<T> {
  return unprompted.run(true, work);
}

/** Calls that post a message count against Telegram's limits; a typing action or a lookup does not. */
const isMessageSend = (method: string) => /^(send|copy|forward)/.test(method) && method !== 'sendChatAction';

/**
 * Every Bot API call goes through, from the outside in: auto-retry for 429 and 5xx answers (bounded:
 * it waits forever by default), a bounded retry of network failures, then the send limits.
 */
export function installTelegramTransport(api: Api, options: TelegramTransportOptions): void {
  const shared = options.shared;
  const limiter = shared
    ? createSharedSendLimiter({
        limits: shared.limits,
        scope: `telegram:${shared.botId}`,
        rules: telegramSendLimits,
        degraded: telegramDegradedSendLimits,
        logger: options.logger,
      })
    : createSendLimiter(telegramSendLimits);
  const throttle: Transformer = (prev, method, payload, signal) =>
    isMessageSend(method) && payload && 'chat_id' in payload
      ? limiter.run(
          String(payload.chat_id),
          () => prev(method, payload, signal),
          signal,
          unprompted.getStore() === true,
        )
      : prev(method, payload, signal);
  api.config.use(throttle);
  api.config.use(watchPolling(options.logger, options.pollingWarnEveryMs ?? 10_000));
  api.config.use(retryNetworkErrors(options.networkRetryDelaysMs ?? [500, 2_000], options.logger));
  // rethrowHttpErrors: auto-retry would retry network errors forever, ignoring maxRetryAttempts.
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
}

/** The runner retries its own polling; a typing action is stale by the time a retry would land. */
const notRetried = new Set(['getUpdates', 'sendChatAction']);

/**
 * A call that never got an answer from Telegram is tried again a few times. Past bug: an idle
 * keep-alive socket closed by the server while the bot's event loop was busy made a sendMessage
 * fail at once with a network error, and that question's answer was dropped (3 in 900 in the bench
 * on PGlite). A retry may duplicate a message Telegram did receive; losing an answer is worse.
 */
function retryNetworkErrors(delaysMs: readonly number[], logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const delay = delaysMs[attempt];
        if (
          !(error instanceof HttpError) ||
          delay === undefined ||
          signal?.aborted ||
          notRetried.has(method)
        ) {
          throw error;
        }
        logger.warn(
          { method, attempt: attempt + 1, cause: redactSecrets(String(error.error)) },
          'telegram call failed on the network; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}

/**
 * The runner retries a failing getUpdates silently. Past bug: 18 s of Bot API failures left no log
 * line. Now the first failure, one line every `warnEveryMs` while it lasts and the recovery are logged
 * with the error and how long polling has been failing.
 */
function watchPolling(logger: Logger, warnEveryMs: number): Transformer {
  let failingSince: number | undefined;
  let lastWarnAt = 0;
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (failingSince !== undefined) {
        const failedMs = Date.now() - failingSince;
        failingSince = undefined;
        logger.warn({ failedMs }, `telegram polling works again after ${seconds(failedMs)} s of failures`);
      }
      return result;
    } catch (error) {
      if (signal?.aborted) throw error;
      const now = Date.now();
      failingSince ??= now;
      if (now === failingSince || now - lastWarnAt >= warnEveryMs) {
        lastWarnAt = now;
        const failingMs = now - failingSince;
        const cause = redactSecrets(error instanceof HttpError ? String(error.error) : String(error));
        logger.warn(
          { failingMs, cause },
          `telegram polling failing for ${seconds(failingMs)} s: ${cause}; retrying`,
        );
      }
      throw error;
    }
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
