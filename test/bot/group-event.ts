import type { ChatEvent } from '../../chat/chat-adapter.ts';

/** A Telegram-like group event, as an adapter would build it. */
export function groupEvent(overrides: Partial<ChatEvent> & { moderator?: boolean } = {}): ChatEvent & {
  moderatorChecks: number;
} {
  const { moderator = false, ...rest } = overrides;
  const event = {
    platform: 'telegram' as const,
    channel: { platform: 'telegram' as const, chatId: '-100' },
    chatKind: 'group' as const,
    userId: '42',
    text: '',
    moderatorChecks: 0,
    async isModerator() {
      event.moderatorChecks += 1;
      return moderator;
    },
    ...rest,
  };
  return event;
}
