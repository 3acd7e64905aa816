import type { Message } from 'grammy/types';

export interface BotIdentity {
  id: number;
  username: string;
}

/** What the core needs from a Telegram message; undefined means the message is not for the bot. */
export interface ParsedMessage {
  command?: string;
  text: string;
  replyToMessageId?: string;
  threadId?: string;
}

/** Telegram's own convention for the first message of a private chat. */
const platformCommands = new Set(['start']);

/**
 * Decides whether a message is for the bot: a command (with our @suffix or none), any text in a
 * private chat, a mention of the bot, or a reply to one of its messages (a follow-up).
 */
export function parseTelegramMessage(
  message: Message,
  bot: BotIdentity,
  /** The installed commands' names. */
  knownCommands: ReadonlySet<string>,
): ParsedMessage | undefined {
  const text = message.text;
  if (text === undefined) return undefined;
  const isPrivate = message.chat.type === 'private';
  const repliesToBot = message.reply_to_message?.from?.id === bot.id;
  const base = {
    replyToMessageId: repliesToBot ? String(message.reply_to_message?.message_id) : undefined,
    threadId:
      message.is_topic_message && message.message_thread_id ? String(message.message_thread_id) : undefined,
  };
  const first = message.entities?.[0];
  if (first?.type === 'bot_command' && first.offset === 0) {
    const [name = '', suffix] = text.slice(1, first.length).toLowerCase().split('@');
    if (suffix !== undefined && suffix !== bot.username.toLowerCase()) return undefined;
    const known = knownCommands.has(name) || platformCommands.has(name);
    // In a group an unknown bare command is probably another bot's.
    if (!known && !isPrivate && suffix === undefined) return undefined;
    return { ...base, command: name, text: text.slice(first.length).trim() };
  }
  const mention = `@${bot.username}`.toLowerCase();
  const mentionsBot = (message.entities ?? []).some(
    (entity) =>
      entity.type === 'mention' &&
      text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === mention,
  );
  if (!isPrivate && !mentionsBot && !repliesToBot) return undefined;
  const question = mentionsBot ? text.replace(new RegExp(`@${bot.username}\\b`, 'gi'), ' ') : text;
  return { ...base, text: question.replace(/\s+/g, ' ').trim() };
}
