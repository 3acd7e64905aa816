import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, InputFile, webhookCallback, type Context } from 'grammy';
import type { LeaderElection } from '../../leader-lock.ts';
import { redactSecrets, type Logger } from '../../logger.ts';
import type { ReachabilityStore } from '../../reachability-store.ts';
import { hasText, missingImageText, type Reply } from '../../../chat/reply.ts';
import type { Router } from '../../router.ts';
import type { SharedLimits } from '../../shared-limits.ts';
import { escapeHtml, toTelegramMessages, type TelegramMessage } from './telegram-format.ts';
import { asBulkSends, installTelegramTransport } from './telegram-transport.ts';
import { parseTelegramMessage } from './telegram-update.ts';
import type { ChannelRef, ChatAdapter, SendOutcome } from '../../../chat/chat-adapter.ts';
import { startWebhookServer, type WebhookServer } from '../webhook-server.ts';

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  router: Router;
  reachability: ReachabilityStore;
  logger: Logger;
  /** Webhook mode; otherwise long polling. */
  webhook?: { url: string; secret: string; host: string; port: number };
  /** Polling only: poll while this process leads. Without it, this process always polls. */
  election?: LeaderElection;
  /** getChatMember answers are cached this long. */
  adminCacheMs?: number;
  /** Waits before retrying a call that failed on the network; default 0.5 s then 2 s. */
  networkRetryDelaysMs?: readonly number[];
  /** While polling fails, a warning this often says for how long (default 10 s). */
  pollingWarnEveryMs?: number;
  /** Sends draw on this bot's budget in Postgres, shared with the other processes. */
  sharedLimits?: SharedLimits;
}

export interface TelegramAdapter extends ChatAdapter {
  /** Bound webhook port, once started in webhook mode. */
  webhookPort(): number | undefined;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const TYPING_REFRESH_MS = 4_500;
const POLL_RETRY_MS = 1_000;
const POLL_RESTART_MS = 5_000;
/** Telegram's photo caption limit (characters after entity parsing). */
const CAPTION_LIMIT = 1024;
/** Telegram answers these when a user blocked the bot or the bot left or lost the chat. */
const UNREACHABLE =
  /blocked|kicked|deactivated|chat not found|not enough rights|have no rights|user not found/i;

function isUnreachable(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 403 || UNREACHABLE.test(error.description));
}

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { router, reachability, logger } = options;
  const commandNames = new Set(router.specs.map((spec) => spec.name));
  // Every remote call is bounded: the client time-out, and bounded retries (see telegram-transport.ts).
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot, timeoutSeconds: 40 } });
  installTelegramTransport(bot.api, {
    logger,
    networkRetryDelaysMs: options.networkRetryDelaysMs,
    pollingWarnEveryMs: options.pollingWarnEveryMs,
    // The bot id (the token's first part) is public; the secret part never leaves the token.
    shared: options.sharedLimits && {
      limits: options.sharedLimits,
      botId: options.token.split(':')[0] ?? '',
    },
  });
  const isModerator = createModeratorCheck(bot, options.adminCacheMs ?? 5 * 60_000, logger);
  let runner: RunnerHandle | undefined;
  let server: WebhookServer | undefined;

  /**
   * A chart whose text fits a caption goes as one photo message: a second message to the same chat
   * waits a second (Telegram's 1 message/s per chat), which capped a chart digest fan-out at its send
   * concurrency per second (8/s, not 25/s). Longer text goes first, then the photo: a photo that fails
   * (or a Bot API without sendPhoto) never holds back the text.
   */
  async function deliver(channel: ChannelRef, reply: Reply, replyTo?: number): Promise<SendOutcome> {
    const chatId = Number(channel.chatId);
    const thread = channel.threadId ? { message_thread_id: Number(channel.threadId) } : {};
    const replyParameters = (first: boolean) =>
      first && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {};
    const messageIds: string[] = [];
    const sendText = async (messages: TelegramMessage[]) => {
      for (const [index, message] of messages.entries()) {
        const sent = await bot.api.sendMessage(chatId, message.html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...thread,
          ...replyParameters(messageIds.length === 0 && index === 0),
          ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
        });
        messageIds.push(String(sent.message_id));
      }
    };
    const sendPhoto = async (image: NonNullable<Reply['image']>, caption: TelegramMessage) => {
      const sent = await bot.api.sendPhoto(chatId, new InputFile(Buffer.from(image.png), 'chart.png'), {
        caption: caption.html,
        parse_mode: 'HTML',
        ...thread,
        ...replyParameters(messageIds.length === 0),
        ...(caption.keyboard ? { reply_markup: caption.keyboard } : {}),
      });
      messageIds.push(String(sent.message_id));
    };
    try {
      const image = reply.image;
      const captioned = image && hasText(reply) ? toTelegramMessages(reply, CAPTION_LIMIT) : [];
      if (image && captioned.length === 1) {
        try {
          await sendPhoto(image, captioned[0]!);
        } catch (error) {
          if (isUnreachable(error)) throw error;
          logger.warn({ err: redactSecrets(String(error)), chat: channel.chatId }, 'sendPhoto failed');
          await sendText(toTelegramMessages(reply));
        }
        return { ok: true, messageIds };
      }
      if (hasText(reply)) await sendText(toTelegramMessages(reply));
      if (image) {
        try {
          await sendPhoto(image, { html: escapeHtml(image.alt.slice(0, CAPTION_LIMIT)) });
        } catch (error) {
          if (isUnreachable(error)) throw error;
          logger.warn({ err: redactSecrets(String(error)), chat: channel.chatId }, 'sendPhoto failed');
          // An image-only reply still says what it would have shown.
          if (!hasText(reply)) await sendText([{ html: escapeHtml(missingImageText(image)) }]);
        }
      }
      return { ok: true, messageIds };
    } catch (error) {
      const detail = redactSecrets(error instanceof Error ? error.message : String(error));
      if (isUnreachable(error)) {
        await reachability.markUnreachable(channel, detail);
        logger.warn({ chat: channel.chatId, detail }, 'telegram chat unreachable; marked');
        return { ok: false, reason: 'unreachable', detail };
      }
      // After the transport's retries: this reply is lost, so it is an error, not a warning.
      logger.error({ chat: channel.chatId, detail }, 'telegram send failed');
      return { ok: false, reason: 'transient', detail };
    }
  }

  async function onMessage(ctx: Context): Promise<void> {
    const message = ctx.message;
    if (!message || !ctx.from) return;
    const parsed = parseTelegramMessage(message, { id: ctx.me.id, username: ctx.me.username }, commandNames);
    if (!parsed) return;
    const chatId = String(message.chat.id);
    const userId = String(ctx.from.id);
    const isPrivate = message.chat.type === 'private';
    const channel: ChannelRef = { platform: 'telegram', chatId, threadId: parsed.threadId };
    const stopTyping =
      parsed.command === undefined || parsed.command === 'ask' ? startTyping(ctx, parsed.threadId) : () => {};
    try {
      const outgoing = await router.handle({
        platform: 'telegram',
        channel,
        chatKind: isPrivate ? 'private' : 'group',
        userId,
        userName: ctx.from.username,
        command: parsed.command,
        text: parsed.text,
        messageId: String(message.message_id),
        replyToMessageId: parsed.replyToMessageId,
        isModerator: () => (isPrivate ? Promise.resolve(false) : isModerator(chatId, userId)),
      });
      stopTyping();
      if (!outgoing) return;
      const sent = await deliver(channel, outgoing.reply, message.message_id);
      if (!sent.ok) return;
      await outgoing.afterSend?.(sent.messageIds);
      // deliver() never throws: a follow-up that fails is logged there and the next one still goes.
      for (const followUp of outgoing.followUps ?? []) await deliver(channel, followUp);
    } finally {
      stopTyping();
    }
  }

  async function onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query?.data || !query.message) return;
    const chatId = String(query.message.chat.id);
    const text = await router.press({
      platform: 'telegram',
      channel: { platform: 'telegram', chatId },
      userId: String(query.from.id),
      buttonId: query.data,
    });
    await ctx.answerCallbackQuery({ text });
  }

  // One error boundary for every update, polling or webhook: log once, keep serving.
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      logger.error({ err: error, update: ctx.update.update_id }, 'telegram update failed');
    }
  });
  // Updates of one chat run in order; different chats run concurrently (one slow answer stalls no one else).
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.on('message:text', onMessage);
  bot.on('callback_query:data', onCallback);

  async function startPolling(): Promise<void> {
    await bot.api
      .deleteWebhook()
      .catch((error: unknown) => logger.warn({ err: error }, 'deleteWebhook failed'));
    const current = run(bot, {
      runner: {
        fetch: { timeout: 25, allowed_updates: [...ALLOWED_UPDATES] },
        // Failures are logged by the transport. A fixed interval: the runner's exponential one has
        // no cap, so after a long Bot API outage the next try could be minutes away.
        silent: true,
        retryInterval: POLL_RETRY_MS,
      },
      sink: { concurrency: 64 },
    });
    runner = current;
    // The runner gives up on 401, 409 (another poller) or after 15 h of failures; its task then
    // rejects, which unhandled would end the process. Log it and poll again while still ours.
    void current.task()?.catch((error: unknown) => {
      logger.error(
        { err: redactSecrets(String(error)) },
        `telegram polling stopped: ${redactSecrets(String(error))}; polling again in ${POLL_RESTART_MS / 1000} s`,
      );
      setTimeout(() => {
        if (runner === current) void startPolling();
      }, POLL_RESTART_MS).unref();
    });
    logger.info('telegram polling');
  }

  async function stopPolling(): Promise<void> {
    const current = runner;
    runner = undefined;
    if (current?.isRunning()) await current.stop();
  }

  return {
    platform: 'telegram',
    webhookPort: () => server?.port,
    async start() {
      try {
        // Not bot.init(): it retries network errors forever; a start must fail fast and say why.
        bot.botInfo = await bot.api.getMe(AbortSignal.timeout(15_000) as Parameters<typeof bot.api.getMe>[0]);
      } catch (error) {
        const status = error instanceof GrammyError ? error.error_code : undefined;
        throw new Error(
          status === 401 || status === 404
            ? 'TELEGRAM_BOT_TOKEN was rejected by Telegram (401 Unauthorized): check the token from @BotFather'
            : `Telegram is unreachable at TELEGRAM_API_ROOT: ${redactSecrets(String(error))}`,
          { cause: error },
        );
      }
      await bot.api
        .setMyCommands(router.specs.map((spec) => ({ command: spec.name, description: spec.description })))
        .catch((error: unknown) =>
          logger.warn({ err: redactSecrets(String(error)) }, 'setMyCommands failed'),
        );
      if (options.webhook) {
        const webhook = options.webhook;
        server = await startWebhookServer({
          host: webhook.host,
          port: webhook.port,
          path: new URL(webhook.url).pathname,
          // Answer Telegram within its time-out; a slower answer finishes in the background.
          handler: webhookCallback(bot, 'http', {
            secretToken: webhook.secret,
            onTimeout: 'return',
            timeoutMilliseconds: 8_000,
          }),
          onError: (error) => logger.error({ err: error }, 'telegram webhook failed'),
        });
        await bot.api.setWebhook(webhook.url, {
          secret_token: webhook.secret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        logger.info({ port: server.port }, 'telegram webhook listening');
      } else if (options.election) {
        options.election.start({ onElected: startPolling, onDemoted: stopPolling });
      } else {
        await startPolling();
      }
    },
    async stop() {
      await options.election?.stop();
      await stopPolling();
      await server?.close();
    },
    sendsImageSeparately: (reply) =>
      reply.image !== undefined && hasText(reply) && toTelegramMessages(reply, CAPTION_LIMIT).length > 1,
    async send(channel, reply) {
      if (await reachability.isUnreachable(channel)) {
        return { ok: false, reason: 'unreachable', detail: 'marked unreachable earlier' };
      }
      return asBulkSends(() => deliver(channel, reply));
    },
  };
}

/** Repeats the chat action (it fades after 5 s) until the answer is ready; a failure is ignored. */
function startTyping(ctx: Context, threadId?: string): () => void {
  const send = () =>
    void ctx.api
      .sendChatAction(ctx.chat?.id ?? 0, 'typing', threadId ? { message_thread_id: Number(threadId) } : {})
      .catch(() => {});
  send();
  const timer = setInterval(send, TYPING_REFRESH_MS);
  return () => clearInterval(timer);
}

/** Group admins moderate; getChatMember answers are cached; any failure means "not a moderator". */
function createModeratorCheck(bot: Bot, ttlMs: number, logger: Logger) {
  const cache = new Map<string, { value: boolean; expires: number }>();
  return async (chatId: string, userId: string): Promise<boolean> => {
    const key = `${chatId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    let value = false;
    try {
      const member = await bot.api.getChatMember(Number(chatId), Number(userId));
      value = member.status === 'creator' || member.status === 'administrator';
    } catch (error) {
      logger.debug(
        { err: redactSecrets(String(error)) },
        'getChatMember failed; treating as not a moderator',
      );
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { value, expires: Date.now() + ttlMs });
    return value;
  };
}
