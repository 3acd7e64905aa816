import { RECEIVER_JITTER_MS, type SendLimiterOptions } from '../../send-limiter.ts';

/** Telegram's limits for bots: 30 messages/s overall, 1/s per chat, 20/min per group. */
export const telegramSendLimits: SendLimiterOptions = {
  overall: { max: 30, windowMs: 1_000 + RECEIVER_JITTER_MS },
  // A 5,000-subscriber digest must not hold every answer behind it: 10/s stay free for chats.
  bulk: { max: 20, windowMs: 1_000 + RECEIVER_JITTER_MS },
  perChat: (chatId) =>
    isTelegramGroup(chatId)
      ? [
          { max: 1, windowMs: 1_000 + RECEIVER_JITTER_MS },
          { max: 20, windowMs: 60_000 + RECEIVER_JITTER_MS },
        ]
      : [{ max: 1, windowMs: 1_000 + RECEIVER_JITTER_MS }],
};

/**
 * What one process may send while it cannot reach the shared limits in Postgres: enough to tell
 * users it is busy, so little that several processes together stay far inside Telegram's limits.
 */
export const telegramDegradedSendLimits: SendLimiterOptions = {
  overall: { max: 3, windowMs: 1_000 + RECEIVER_JITTER_MS },
  perChat: () => [{ max: 1, windowMs: 10_000 }],
};

/** Group, supergroup and channel ids are negative; a channel may also be addressed as @name. */
const isTelegramGroup = (chatId: string) => chatId.startsWith('-') || chatId.startsWith('@');
