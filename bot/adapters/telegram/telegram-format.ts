import type { Reply } from '../../../chat/reply.ts';
import { isWebUrl, sourceDetail, sourceTitle } from '../source-label.ts';
import { packSegments, splitText, type Segment } from '../split-text.ts';

/** Telegram counts a message's length after entity parsing: visible characters, not HTML. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export interface InlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

export interface TelegramMessage {
  /** HTML parse mode; every dynamic string is escaped. */
  html: string;
  keyboard?: InlineKeyboard;
}

/** The four characters Telegram's HTML mode needs escaped (quotes only matter inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function plainSegments(text: string, max: number): Segment[] {
  return splitText(text, max).map((piece) => ({ rendered: escapeHtml(piece), size: piece.length }));
}

function sourceSegments(reply: Reply, max: number): Segment[] {
  if (reply.sources.length === 0) return [];
  const lines = reply.sources.flatMap((source) => {
    const title = sourceTitle(source);
    const detail = sourceDetail(source);
    const plain = `[${source.n}] ${title}${detail ? ` ${detail}` : ''}`;
    if (plain.length > max) return plainSegments(plain, max);
    const label = isWebUrl(source.url)
      ? `<a href="${escapeHtml(source.url)}">${escapeHtml(title)}</a>`
      : escapeHtml(title);
    return [
      { rendered: `[${source.n}] ${label}${detail ? ` ${escapeHtml(detail)}` : ''}`, size: plain.length },
    ];
  });
  return packSegments([{ rendered: '<b>Sources</b>', size: 7 }, ...lines], max, '\n');
}

/** Reply → Telegram HTML messages within the limit; the keyboard goes on the last one. */
export function toTelegramMessages(reply: Reply, max = TELEGRAM_MESSAGE_LIMIT): TelegramMessage[] {
  const segments = [
    ...reply.blocks.flatMap((block) => plainSegments(block, max)),
    ...sourceSegments(reply, max),
  ];
  const messages: TelegramMessage[] = packSegments(segments, max).map((segment) => ({
    html: segment.rendered,
  }));
  const last = messages[messages.length - 1];
  if (last && reply.buttons.length > 0) {
    last.keyboard = {
      inline_keyboard: [reply.buttons.map((button) => ({ text: button.label, callback_data: button.id }))],
    };
  }
  return messages;
}
