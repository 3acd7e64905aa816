import type { Queryable } from '../db/database.ts';
import type { ChannelRef } from '../chat/chat-adapter.ts';

/** Chats that blocked the bot or that it lost access to: skipped, not retried forever. */
export interface ReachabilityStore {
  markUnreachable(channel: ChannelRef, reason: string): Promise<void>;
  /** A chat that writes to the bot again is reachable again. */
  markReachable(channel: ChannelRef): Promise<void>;
  isUnreachable(channel: ChannelRef): Promise<boolean>;
}

export function createReachabilityStore(db: Queryable): ReachabilityStore {
  return {
    async markUnreachable(channel, reason) {
      await db.query(
        `INSERT INTO bot_unreachable_chats (platform, chat_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (platform, chat_id) DO UPDATE SET reason = EXCLUDED.reason, marked_at = now()`,
        [channel.platform, channel.chatId, reason.slice(0, 500)],
      );
    },
    async markReachable(channel) {
      await db.query('DELETE FROM bot_unreachable_chats WHERE platform = $1 AND chat_id = $2', [
        channel.platform,
        channel.chatId,
      ]);
    },
    async isUnreachable(channel) {
      const rows = await db.query(
        'SELECT 1 FROM bot_unreachable_chats WHERE platform = $1 AND chat_id = $2',
        [channel.platform, channel.chatId],
      );
      return rows.length > 0;
    },
  };
}
