import type { AttachmentPayload } from 'discord.js';
import type { Outgoing } from '../../../chat/command.ts';
import { redactSecrets, type Logger } from '../../logger.ts';
import { hasText, missingImageText, type Reply } from '../../../chat/reply.ts';
import { escapeDiscord, toDiscordMessages, type DiscordMessage } from './discord-format.ts';
import type { ChannelRef, ChatEvent } from '../../../chat/chat-adapter.ts';

/** Never ping anyone, whatever the text says. */
export const noMentions = { parse: [] as never[], repliedUser: false };

/** One message to post: text (with embeds and buttons) or the image as an attachment. */
export type Payload = Partial<DiscordMessage> & {
  files?: AttachmentPayload[];
  allowedMentions: typeof noMentions;
};
/** Posts one message (the index-th of a reply) and returns its id when Discord gives one. */
export type Post = (payload: Payload, index: number) => Promise<string | undefined>;

/** What a rate-limited user sees where an interaction must be answered. */
export const WAIT_NOTICE: Reply = {
  blocks: ['Please wait a little before asking again.'],
  sources: [],
  buttons: [],
  private: true,
};

export interface ReplyPoster {
  /** Text first, then the image: an attachment that fails never holds back the text. */
  postReply(reply: Reply, post: Post): Promise<string[]>;
  /** Each follow-up on its own: one that fails is logged, the next still goes. */
  postFollowUps(outgoing: Outgoing | undefined, post: Post): Promise<void>;
}

/** Shared by the gateway and the HTTP interactions endpoint: a Reply becomes Discord messages. */
export function createReplyPoster(logger: Logger): ReplyPoster {
  async function postReply(reply: Reply, post: Post): Promise<string[]> {
    const ids: string[] = [];
    let index = 0;
    const send = async (payload: Payload) => {
      const id = await post(payload, index++);
      if (id) ids.push(id);
    };
    const texts = hasText(reply) ? toDiscordMessages(reply) : [];
    for (const message of texts) await send({ ...message, allowedMentions: noMentions });
    if (reply.image) {
      const { png, alt } = reply.image;
      try {
        await send({
          files: [{ attachment: Buffer.from(png), name: 'chart.png', description: alt.slice(0, 1024) }],
          allowedMentions: noMentions,
        });
      } catch (error) {
        logger.warn({ err: redactSecrets(String(error)) }, 'discord image could not be sent');
        // An image-only reply still says what it would have shown.
        if (texts.length === 0)
          await send({
            content: escapeDiscord(missingImageText(reply.image)),
            allowedMentions: noMentions,
          });
      }
    }
    return ids;
  }

  async function postFollowUps(outgoing: Outgoing | undefined, post: Post): Promise<void> {
    for (const followUp of outgoing?.followUps ?? []) {
      await postReply(followUp, post).catch((error: unknown) =>
        logger.warn({ err: redactSecrets(String(error)) }, 'discord follow-up failed'),
      );
    }
  }

  return { postReply, postFollowUps };
}

/** Where a Discord event happened, as the core sees it. */
export function discordWhere(
  channelId: string,
  guildId: string | null | undefined,
  isThread: boolean,
): Pick<ChatEvent, 'platform' | 'channel' | 'chatKind' | 'communityId'> {
  return {
    platform: 'discord',
    channel: {
      platform: 'discord',
      chatId: channelId,
      threadId: isThread ? channelId : undefined,
    } satisfies ChannelRef,
    chatKind: guildId ? 'group' : 'private',
    communityId: guildId ?? channelId,
  };
}
