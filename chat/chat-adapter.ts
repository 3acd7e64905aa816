import type { Reply } from './reply.ts';

export type Platform = 'telegram' | 'discord' | 'terminal';

/** Where a message goes: a chat, channel or DM on one platform. */
export interface ChannelRef {
  platform: Platform;
  /** Telegram chat id, Discord channel id, or 'terminal'. */
  chatId: string;
  /** Discord thread or Telegram forum topic, when the conversation lives in one. */
  threadId?: string;
}

/** One incoming message or command, already stripped of platform details. */
export interface ChatEvent {
  platform: Platform;
  channel: ChannelRef;
  chatKind: 'private' | 'group';
  /** Platform-scoped user id; the core hashes it before storing it. */
  userId: string;
  userName?: string;
  /** Command name without slash or @botname ('ask', 'help', ...), or undefined for plain text. */
  command?: string;
  /** Command arguments, or the whole message for plain text. */
  text: string;
  messageId?: string;
  /** Set when the message replies to one of the bot's answers (a follow-up). */
  replyToMessageId?: string;
  /** Asks the platform (cached by the adapter) whether the user moderates this chat. */
  isModerator(): Promise<boolean>;
  /** Discord guild id; defaults to channel.chatId. Scopes community-wide views such as /report. */
  communityId?: string;
}

/** A press on one of a Reply's buttons. */
export interface ButtonPress {
  platform: Platform;
  channel: ChannelRef;
  userId: string;
  /** The Button.id of the pressed button. */
  buttonId: string;
}

export type SendOutcome =
  | { ok: true; messageIds: string[] }
  /** The user blocked the bot or the bot lost access to the channel: stop sending there. */
  | { ok: false; reason: 'unreachable'; detail: string }
  /** Network or platform trouble worth retrying later. */
  | { ok: false; reason: 'transient'; detail: string };

export interface ChatAdapter {
  readonly platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a reply unprompted (alerts, digests). */
  send(channel: ChannelRef, reply: Reply): Promise<SendOutcome>;
  /**
   * Whether this reply's image goes as a message of its own after the text (Telegram: the text does
   * not fit a photo caption). A fan-out then sends the image as a job of its own, so the platform's
   * per-chat gap between the two never holds a send slot. Default: one message.
   */
  sendsImageSeparately?(reply: Reply): boolean;
}
