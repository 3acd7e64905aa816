import type { Reply } from '../../../chat/reply.ts';
import { isWebUrl, sourceDetail, sourceTitle } from '../source-label.ts';
import { splitText } from '../split-text.ts';

/** Discord's limits: message content, and one embed field's value. */
export const DISCORD_MESSAGE_LIMIT = 2000;
const FIELD_VALUE_LIMIT = 1024;

/** Raw Discord API JSON, ready for discord.js or the REST API. */
export interface DiscordMessage {
  content: string;
  embeds?: Array<{ color: number; fields: Array<{ name: string; value: string }> }>;
  components?: Array<{
    type: 1;
    components: Array<{ type: 2; style: 2; label: string; custom_id: string }>;
  }>;
}

/**
 * Makes user and document text inert: markdown (bold, spoilers, links, headings, lists) is escaped
 * and @everyone/@here or <@id> mentions are broken with a zero-width space. allowed_mentions is the
 * guarantee against pings; this keeps the text from even looking like one.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|>[\]()<]/g, '\\$&')
    .replace(/^(\s*)([#-]|\d+\.)/gm, '$1\\$2')
    .replace(/@(everyone|here)/g, '@\u200b$1');
}

function sourcesField(reply: Reply): string {
  const lines = reply.sources.map((source) => {
    const title = escapeDiscord(sourceTitle(source));
    const label = isWebUrl(source.url) ? `[${title}](<${source.url.replace(/[<>\s]/g, '')}>)` : title;
    const detail = sourceDetail(source);
    return `${source.n}. ${label}${detail ? ` ${escapeDiscord(detail)}` : ''}`;
  });
  let value = '';
  for (const line of lines) {
    const next = value === '' ? line : `${value}\n${line}`;
    if (next.length > FIELD_VALUE_LIMIT - 2) return `${value}\n…`;
    value = next;
  }
  return value;
}

/** Reply → messages of at most 2,000 characters (escapes count); sources and buttons on the last. */
export function toDiscordMessages(reply: Reply, max = DISCORD_MESSAGE_LIMIT): DiscordMessage[] {
  const pieces = reply.blocks.flatMap((block) => splitText(block, max, (text) => escapeDiscord(text).length));
  const contents: string[] = [];
  for (const piece of pieces.map(escapeDiscord)) {
    const last = contents.length - 1;
    const joined = last >= 0 ? `${contents[last]}\n\n${piece}` : piece;
    if (last >= 0 && joined.length <= max) contents[last] = joined;
    else contents.push(piece);
  }
  const messages: DiscordMessage[] = (contents.length > 0 ? contents : ['']).map((content) => ({ content }));
  const final = messages[messages.length - 1] as DiscordMessage;
  if (reply.sources.length > 0)
    final.embeds = [{ color: 0x5865f2, fields: [{ name: 'Sources', value: sourcesField(reply) }] }];
  if (reply.buttons.length > 0) {
    final.components = [
      {
        type: 1,
        components: reply.buttons.map((button) => ({
          type: 2,
          style: 2,
          label: button.label,
          custom_id: button.id,
        })),
      },
    ];
  }
  return messages;
}
