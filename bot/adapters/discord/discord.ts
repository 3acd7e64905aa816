import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Routes,
  type AttachmentPayload,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import type { Outgoing } from '../../../chat/command.ts';
import { redactSecrets, type Logger } from '../../logger.ts';
import type { ReachabilityStore } from '../../reachability-store.ts';
import type { Router } from '../../router.ts';
import { hasText, missingImageText, type Reply } from '../../../chat/reply.ts';
import { buildSlashCommands, commandText } from './slash-commands.ts';
import { escapeDiscord, toDiscordMessages, type DiscordMessage } from './discord-format.ts';
import type { ChannelRef, ChatAdapter, ChatEvent, SendOutcome } from '../../../chat/chat-adapter.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base, e.g. https://discord.com/api (tests: a loopback fake). */
  apiUrl: string;
  /** Register commands in this guild only (instant); otherwise globally. */
  guildId?: string;
  router: Router;
  reachability: ReachabilityStore;
  logger: Logger;
  /** An answer not ready by then is deferred; Discord allows 3 s for the first response. */
  deferAfterMs?: number;
}

/** Never ping anyone, whatever the text says. */
const noMentions = { parse: [] as never[], repliedUser: false };

/** Missing Access, Missing Permissions, Unknown Channel, Cannot send messages to this user. */
const UNREACHABLE_CODES = new Set([50001, 50013, 10003, 50007]);

/** One message to post: text (with embeds and buttons) or the image as an attachment. */
type Payload = Partial<DiscordMessage> & { files?: AttachmentPayload[]; allowedMentions: typeof noMentions };
/** Posts one message (the index-th of a reply) and returns its id when Discord gives one. */
type Post = (payload: Payload, index: number) => Promise<string | undefined>;

export function createDiscordAdapter(options: DiscordAdapterOptions): ChatAdapter {
  const { router, reachability, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 2_000;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: noMentions,
    // The question may be deleted while we answer; the answer still goes out.
    failIfNotExists: false,
    // discord.js queues per-route buckets and the global limit; every request is time-bounded.
    rest: { api: options.apiUrl, timeout: 15_000, retries: 2 },
  });

  function isManager(permissions: { has(flag: bigint): boolean } | null | undefined): boolean {
    return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const spec = router.specs.find((candidate) => candidate.name === interaction.commandName);
    const ephemeral = spec?.privateReply ? MessageFlags.Ephemeral : undefined;
    const work = router.handle({
      ...where(interaction.channelId, interaction.guildId, interaction.channel?.isThread() ?? false),
      userId: interaction.user.id,
      userName: interaction.user.username,
      command: interaction.commandName,
      text: commandText(interaction, spec),
      // Server-side check: guild admins can change who sees a command, not who may run it here.
      isModerator: async () => interaction.inGuild() && isManager(interaction.memberPermissions),
    });
    const early = await Promise.race([work, sleep(deferAfterMs).then(() => 'late' as const)]);
    if (early === 'late') await interaction.deferReply({ flags: ephemeral });
    const outgoing = early === 'late' ? await work : early;
    // An interaction must be answered; a rate-limited user's silence is an ephemeral note.
    const reply = outgoing?.reply ?? {
      blocks: ['Please wait a little before asking again.'],
      sources: [],
      buttons: [],
      private: true,
    };
    const flags = reply.private ? MessageFlags.Ephemeral : undefined;
    const followUp: Post = async (payload) => (await interaction.followUp({ ...payload, flags })).id;
    const ids = await postReply(reply, async (payload, index) => {
      if (index > 0) return followUp(payload, index);
      if (interaction.deferred) return (await interaction.editReply(payload)).id;
      const response = await interaction.reply({ ...payload, flags, withResponse: true });
      return response.resource?.message?.id;
    });
    await outgoing?.afterSend?.(ids);
    await postFollowUps(outgoing, followUp);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const values = router.autocomplete(interaction.commandName, focused.name, String(focused.value));
    // Choice names and values are limited to 100 characters.
    await interaction.respond(
      values.map((value) => ({ name: value.slice(0, 100), value: value.slice(0, 100) })),
    );
  }

  /** Text first, then the image: an attachment that fails never holds back the text. */
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

  /** Each follow-up on its own: one that fails is logged, the next still goes. */
  async function postFollowUps(outgoing: Outgoing | undefined, post: Post): Promise<void> {
    for (const followUp of outgoing?.followUps ?? []) {
      await postReply(followUp, post).catch((error: unknown) =>
        logger.warn({ err: redactSecrets(String(error)) }, 'discord follow-up failed'),
      );
    }
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const text = await router.press({
      platform: 'discord',
      channel: { platform: 'discord', chatId: interaction.channelId },
      userId: interaction.user.id,
      buttonId: interaction.customId,
    });
    await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  }

  async function onMessage(message: Message): Promise<void> {
    const me = client.user;
    if (!me || message.author.bot) return;
    const repliesToBot = message.mentions.repliedUser?.id === me.id;
    const mentionsBot = message.mentions.users.has(me.id) && !repliesToBot;
    if (message.inGuild() && !mentionsBot && !repliesToBot) return;
    const text = message.content
      .replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const channel = message.channel;
    if ('sendTyping' in channel) void channel.sendTyping().catch(() => {});
    const outgoing = await router.handle({
      ...where(message.channelId, message.guildId, channel.isThread()),
      userId: message.author.id,
      userName: message.author.username,
      text,
      messageId: message.id,
      replyToMessageId: repliesToBot ? message.reference?.messageId : undefined,
      isModerator: async () => isManager(message.member?.permissions),
    });
    if (outgoing) await sendOutgoing(message, outgoing);
  }

  async function sendOutgoing(message: Message, outgoing: Outgoing): Promise<void> {
    const channel = message.channel;
    const inChannel: Post = async (payload) =>
      (channel.isSendable() ? await channel.send(payload) : await message.reply(payload)).id;
    const ids = await postReply(outgoing.reply, async (payload, index) =>
      index === 0 ? (await message.reply(payload)).id : inChannel(payload, index),
    );
    await outgoing.afterSend?.(ids);
    await postFollowUps(outgoing, inChannel);
  }

  /** One boundary per interaction or message: log once, tell the user briefly, keep serving. */
  function guard<T>(handler: (input: T) => Promise<void>) {
    return (input: T) => {
      handler(input).catch(async (error: unknown) => {
        logger.error({ err: redactSecrets(String(error)) }, 'discord event failed');
        const interaction = input as {
          isRepliable?: () => boolean;
          replied?: boolean;
          deferred?: boolean;
          reply?: (x: object) => Promise<unknown>;
        };
        if (interaction.isRepliable?.() && !interaction.replied && !interaction.deferred) {
          await interaction
            .reply?.({ content: 'Something went wrong on our side.', flags: MessageFlags.Ephemeral })
            .catch(() => {});
        }
      });
    };
  }

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) guard(onCommand)(interaction);
    else if (interaction.isAutocomplete()) guard(onAutocomplete)(interaction);
    else if (interaction.isButton()) guard(onButton)(interaction);
  });
  client.on(Events.MessageCreate, guard(onMessage));
  client.on(Events.Error, (error) =>
    logger.error({ err: redactSecrets(String(error)) }, 'discord client error'),
  );

  return {
    platform: 'discord',
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(options.token);
      } catch (error) {
        const invalid =
          error instanceof Error && /TokenInvalid|invalid token|401/i.test(`${error.name} ${error.message}`);
        throw new Error(
          invalid
            ? 'DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy the bot token from the Developer Portal'
            : `Discord is unreachable at DISCORD_API_URL: ${redactSecrets(String(error))}`,
          { cause: error },
        );
      }
      await ready;
      const applicationId = client.application?.id ?? client.user?.id ?? '';
      const route = options.guildId
        ? Routes.applicationGuildCommands(applicationId, options.guildId)
        : Routes.applicationCommands(applicationId);
      await client.rest.put(route, { body: buildSlashCommands(router.specs) });
      logger.info({ guild: options.guildId ?? 'global' }, 'discord ready; commands registered');
    },
    async stop() {
      await client.destroy();
    },
    async send(channel, reply): Promise<SendOutcome> {
      if (await reachability.isUnreachable(channel)) {
        return { ok: false, reason: 'unreachable', detail: 'marked unreachable earlier' };
      }
      try {
        const target = await client.channels.fetch(channel.threadId ?? channel.chatId);
        if (!target?.isSendable()) throw new Error('not a text channel');
        const ids = await postReply(reply, async (payload) => (await target.send(payload)).id);
        return { ok: true, messageIds: ids };
      } catch (error) {
        const detail = redactSecrets(error instanceof Error ? error.message : String(error));
        if (error instanceof DiscordAPIError && UNREACHABLE_CODES.has(Number(error.code))) {
          await reachability.markUnreachable(channel, detail);
          return { ok: false, reason: 'unreachable', detail };
        }
        return { ok: false, reason: 'transient', detail };
      }
    },
  };
}

function where(
  channelId: string,
  guildId: string | null,
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
