import type { ChannelRef, Platform } from '../chat/chat-adapter.ts';

/** The channel columns alert rules and subscriptions share, read back into a ChannelRef. */
export function toChannelRef(row: {
  platform: string;
  chat_id: string;
  thread_id: string | null;
}): ChannelRef {
  return {
    platform: row.platform as Platform,
    chatId: row.chat_id,
    ...(row.thread_id ? { threadId: row.thread_id } : {}),
  };
}
