import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import type { Outgoing } from '../../../chat/command.ts';
import type { DiscordConfig } from '../../config.ts';
import { redactSecrets, type Logger } from '../../logger.ts';
import type { ReachabilityStore } from '../../reachability-store.ts';
import type { Router } from '../../router.ts';
import { createCommandRegistrar, type CommandRegistrar } from './discord-commands.ts';
import { buildSlashCommands, commandText } from './slash-commands.ts';
import { startInteractionsEndpoint } from './discord-interactions.ts';
import { createReplyPoster, discordWhere, noMentions, WAIT_NOTICE, type Post } from './discord-post.ts';
import type { ChannelRef, ChatAdapter, SendOutcome } from '../../../chat/chat-adapter.ts';
import type { Reply } from '../../../chat/reply.ts';
import type { WebhookServer } from '../webhook-server.ts';
import type { SharedLimits } from '../../shared-limits.ts';
import { createDiscordRestBudget } from './discord-rest-budget.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base, e.g. https://discord.com/api (tests: a loopback fake). */
  apiUrl: string;
  /** Register commands in this guild only (instant); otherwise globally. */
  guildId?: string;
  /** This process's gateway shards; undefined is one shard. */
  shards?: DiscordConfig['shards'];
  /** The HTTP interactions endpoint, when DISCORD_PUBLIC_KEY is set. */
  interactions?: DiscordConfig['interactions'];
  /** Discord's global REST limit per bot (50 requests/s); tests use a small one. */
  requestsPerSecond?: number;
  /** The bot's REST budget shared with every process on the database; without it, this process's own. */
  sharedLimits?: SharedLimits;
  router: Router;
  reachability: ReachabilityStore;
  logger: Logger;
  /** An answer not ready by then is deferred; Discord allows 3 s for the first response. */
  deferAfterMs?: number;
  /** First retry of a failed command registration; doubles up to 10 minutes. */
  registerRetryMs?: number;
  /** How long the gateway may take to become ready before start() gives up. */
  readyTimeoutMs?: number;
  /** How long one REST request may take before discord.js retries it (default 15 s). */
  requestTimeoutMs?: number;
}

/** Missing Access, Missing Permissions, Unknown Channel, Cannot send messages to this user. */
const UNREACHABLE_CODES = new Set([50001, 50013, 10003, 50007]);

/** The process holding shard 0 registers the commands: once per deployment, not per shard. */
export function registersCommands(shards: DiscordConfig['shards']): boolean {
  return shards?.ids === undefined || shards.ids.includes(0);
}

/** discord.js's `shards`/`shardCount` client options for this process's slice. */
export function toShardOptions(shards: DiscordConfig['shards']): {
  shards?: number[] | 'auto';
  shardCount?: number;
} {
  if (shards === undefined) return {};
  if (shards.count === 'auto') return { shards: 'auto' };
  return {
    shards: shards.ids ?? Array.from({ length: shards.count }, (_, id) => id),
    shardCount: shards.count,
  };
}

export function createDiscordAdapter(options: DiscordAdapterOptions): ChatAdapter {
  const { router, reachability, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 2_000;
  const budget = createDiscordRestBudget({
    token: options.token,
    perSecond: options.requestsPerSecond,
    shared: options.sharedLimits,
    logger,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: noMentions,
    // The question may be deleted while we answer; the answer still goes out.
    failIfNotExists: false,
    // Every message carries a nonce Discord enforces: a retried POST that timed out after Discord
    // had created the message returns that message instead of posting it twice.
    enforceNonce: true,
    // discord.js queues per-route buckets; the budget holds the global limit across processes and
    // bounds every request in time.
    rest: { api: options.apiUrl, retries: 2, ...budget.rest },
    ...toShardOptions(options.shards),
  });
  const poster = createReplyPoster(logger);
  const { postReply, postFollowUps } = poster;
  let registrar: CommandRegistrar | undefined;
  let endpoint: WebhookServer | undefined;

  function isManager(permissions: { has(flag: bigint): boolean } | null | undefined): boolean {
    return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const spec = router.specs.find((candidate) => candidate.name === interaction.commandName);
    const ephemeral = spec?.privateReply ? MessageFlags.Ephemeral : undefined;
    const work = router.handle({
      ...discordWhere(interaction.channelId, interaction.guildId, interaction.channel?.isThread() ?? false),
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
    const reply = outgoing?.reply ?? WAIT_NOTICE;
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
      ...discordWhere(message.channelId, message.guildId, channel.isThread()),
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

  /** Logs in and waits for every shard of this process to be ready, or says why not. */
  async function connect(): Promise<void> {
    const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(options.token);
    } catch (error) {
      const invalid =
        error instanceof Error &&
        /TokenInvalid|invalid token|401|4004|Authentication failed/i.test(`${error.name} ${error.message}`);
      throw new Error(
        invalid
          ? 'DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy the bot token from the Developer Portal'
          : `Discord is unreachable at DISCORD_API_URL: ${redactSecrets(String(error))}`,
        { cause: error },
      );
    }
    const timeout = sleep(readyTimeoutMs, 'timeout' as const, { ref: false });
    if ((await Promise.race([ready, timeout])) === 'timeout')
      throw new Error(
        `the Discord gateway did not become ready within ${readyTimeoutMs / 1000} s: check DISCORD_TOKEN, ` +
          'the shard settings (DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS) and the network',
      );
  }

  async function stopAll(): Promise<void> {
    registrar?.stop();
    await endpoint?.close();
    endpoint = undefined;
    await client.destroy();
  }

  /** An unprompted post (alert, digest); its requests count against the bulk share of the budget. */
  async function deliver(channel: ChannelRef, reply: Reply): Promise<SendOutcome> {
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
      try {
        await connect();
      } catch (error) {
        // A platform that cannot start leaves nothing behind: no gateway session, no open port.
        await stopAll();
        throw error;
      }
      if (options.interactions) {
        endpoint = await startInteractionsEndpoint({
          ...options.interactions,
          client,
          router,
          poster,
          logger,
          deferAfterMs,
        });
        logger.info({ port: endpoint.port }, 'discord interactions endpoint listening');
      }
      const shards = [...client.ws.shards.keys()];
      if (!registersCommands(options.shards)) {
        logger.info({ shards }, 'discord ready; the process holding shard 0 registers the commands');
        return;
      }
      registrar = createCommandRegistrar({
        rest: client.rest,
        commands: buildSlashCommands(router.specs),
        applicationId: client.application?.id ?? client.user?.id ?? '',
        guildId: options.guildId,
        logger,
        retryMs: options.registerRetryMs,
      });
      // A refused registration is retried in the background; mentions and DMs are served meanwhile.
      await registrar.start();
      logger.info({ shards, guild: options.guildId ?? 'global' }, 'discord ready');
    },
    stop: stopAll,
    send: (channel, reply) => budget.asBulk(() => deliver(channel, reply)),
  };
}
