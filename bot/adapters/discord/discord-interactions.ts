import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { InteractionWebhook, MessageFlags, PermissionFlagsBits, type Client } from 'discord.js';
import { z } from 'zod';
import { say, type CommandSpec, type Outgoing } from '../../../chat/command.ts';
import { redactSecrets, type Logger } from '../../logger.ts';
import type { Router } from '../../router.ts';
import { discordWhere, WAIT_NOTICE, type Payload, type Post, type ReplyPoster } from './discord-post.ts';
import { startWebhookServer, type WebhookServer } from '../webhook-server.ts';

/** Interaction and callback types of Discord's API. */
const PING = 1;
const COMMAND = 2;
const COMPONENT = 3;
const AUTOCOMPLETE = 4;
const PONG = 1;
const MESSAGE = 4;
const DEFERRED_MESSAGE = 5;
const CHOICES = 8;
const EPHEMERAL = 64;
const THREAD_TYPES = new Set([10, 11, 12]);
/** Interactions are small; anything bigger is not from Discord. */
const MAX_BODY_BYTES = 256 * 1024;
export const INTERACTIONS_PATH = '/interactions';
const MAX_CLOCK_SKEW_SECONDS = 300;

interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}
const optionSchema: z.ZodType<RawOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(optionSchema).optional(),
  }),
);
const userSchema = z.object({ id: z.string(), username: z.string().optional() });
const interactionSchema = z.object({
  id: z.string(),
  application_id: z.string(),
  type: z.number(),
  token: z.string(),
  guild_id: z.string().optional(),
  channel_id: z.string().optional(),
  channel: z.object({ type: z.number().optional() }).optional(),
  member: z.object({ user: userSchema, permissions: z.string().optional() }).optional(),
  user: userSchema.optional(),
  data: z
    .object({
      name: z.string().optional(),
      custom_id: z.string().optional(),
      options: z.array(optionSchema).optional(),
    })
    .optional(),
});
type Interaction = z.infer<typeof interactionSchema>;

/** Discord signs timestamp + body with the application's Ed25519 key; anything else is refused. */
export function createSignatureCheck(publicKeyHex: string) {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  return (timestamp: string | undefined, body: Buffer, signatureHex: string | undefined): boolean => {
    if (!timestamp || !signatureHex || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
    // A captured request replayed later is refused; Discord signs each delivery afresh.
    if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= MAX_CLOCK_SKEW_SECONDS)) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
  };
}

/** The arguments as one line, as Telegram and the terminal receive them: "add akash.gpu.available below 50". */
export function toCommandText(spec: CommandSpec | undefined, options: RawOption[] = []): string {
  const subOption = options.find((option) => option.type === 1);
  const sub = spec?.subcommands?.find((candidate) => candidate.name === subOption?.name);
  const given = sub ? (subOption?.options ?? []) : options;
  const wanted = sub ? sub.options : spec?.option ? [spec.option] : [];
  const values = wanted.map((option) => given.find((candidate) => candidate.name === option.name)?.value);
  return [sub?.name, ...values].filter((value) => value !== undefined && value !== null).join(' ');
}

function findFocused(options: RawOption[] = []): RawOption | undefined {
  for (const option of options) {
    if (option.focused) return option;
    const inner = findFocused(option.options);
    if (inner) return inner;
  }
  return undefined;
}

export interface InteractionsEndpointOptions {
  publicKey: string;
  host: string;
  port: number;
  /** Its REST client edits and follows up through the interaction webhook (no bot token needed). */
  client: Client;
  router: Router;
  poster: ReplyPoster;
  logger: Logger;
  /** An answer not ready by then is deferred; Discord allows 3 s for the first response. */
  deferAfterMs: number;
}

/**
 * Discord's HTTP interactions: slash commands, buttons and autocomplete POSTed to any process behind
 * a load balancer. Mentions and DMs still arrive through the gateway.
 */
export function startInteractionsEndpoint(options: InteractionsEndpointOptions): Promise<WebhookServer> {
  const { client, router, poster, logger } = options;
  const isSigned = createSignatureCheck(options.publicKey);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const header = (name: string) => request.headers[name] as string | undefined;
    if (
      body === undefined ||
      !isSigned(header('x-signature-timestamp'), body, header('x-signature-ed25519'))
    ) {
      return writeJson(response, 401, { message: 'invalid request signature' });
    }
    const parsed = interactionSchema.safeParse(parseJson(body));
    if (!parsed.success) return writeJson(response, 400, { message: 'not an interaction' });
    const interaction = parsed.data;
    if (interaction.type === PING) return writeJson(response, 200, { type: PONG });
    if (interaction.type === AUTOCOMPLETE) return autocomplete(interaction, response);
    if (interaction.type === COMMAND) return command(interaction, response);
    if (interaction.type === COMPONENT) return button(interaction, response);
    writeJson(response, 400, { message: `interaction type ${interaction.type} is not handled` });
  }

  function toEvent(interaction: Interaction) {
    const user = interaction.member?.user ?? interaction.user ?? { id: 'unknown' };
    const channelId = interaction.channel_id ?? user.id;
    const where = discordWhere(
      channelId,
      interaction.guild_id,
      THREAD_TYPES.has(interaction.channel?.type ?? 0),
    );
    return { where, user };
  }

  async function command(interaction: Interaction, response: ServerResponse): Promise<void> {
    const name = interaction.data?.name ?? '';
    const spec = router.specs.find((candidate) => candidate.name === name);
    const { where, user } = toEvent(interaction);
    const permissions = BigInt(interaction.member?.permissions ?? '0');
    const work = router.handle({
      ...where,
      userId: user.id,
      userName: user.username,
      command: name,
      text: toCommandText(spec, interaction.data?.options),
      // Server-side check: guild admins can change who sees a command, not who may run it here.
      isModerator: async () =>
        interaction.guild_id !== undefined &&
        (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n,
    });
    await answer(interaction, response, work, spec?.privateReply ?? false);
  }

  async function button(interaction: Interaction, response: ServerResponse): Promise<void> {
    const { where, user } = toEvent(interaction);
    const work = router
      .press({
        platform: 'discord',
        channel: where.channel,
        userId: user.id,
        buttonId: interaction.data?.custom_id ?? '',
      })
      .then((text) => {
        const outgoing = say(text);
        outgoing.reply.private = true;
        return outgoing;
      });
    await answer(interaction, response, work, true);
  }

  function autocomplete(interaction: Interaction, response: ServerResponse): void {
    const focused = findFocused(interaction.data?.options);
    const values = focused
      ? router.autocomplete(interaction.data?.name ?? '', focused.name, String(focused.value ?? ''))
      : [];
    // Choice names and values are limited to 100 characters.
    const choices = values.map((value) => ({ name: value.slice(0, 100), value: value.slice(0, 100) }));
    writeJson(response, 200, { type: CHOICES, data: { choices } });
  }

  /**
   * The first message goes in the HTTP response when the answer is ready in time; otherwise the
   * response defers (type 5) and the answer is edited into @original through the interaction webhook.
   */
  async function answer(
    interaction: Interaction,
    response: ServerResponse,
    work: Promise<Outgoing | undefined>,
    privateByDefault: boolean,
  ): Promise<void> {
    const webhook = new InteractionWebhook(
      client as Client<true>,
      interaction.application_id,
      interaction.token,
    );
    let responded = false;
    const defer = async (isPrivate: boolean) => {
      responded = true;
      await writeJson(response, 200, { type: DEFERRED_MESSAGE, data: { flags: isPrivate ? EPHEMERAL : 0 } });
    };
    const early = await Promise.race([work, sleep(options.deferAfterMs).then(() => 'late' as const)]);
    if (early === 'late') await defer(privateByDefault);
    const outgoing = early === 'late' ? await work : early;
    const reply = outgoing?.reply ?? WAIT_NOTICE;
    const flags = reply.private ? EPHEMERAL : 0;
    const followUp: Post = async (payload) =>
      (await webhook.send({ ...payload, flags: reply.private ? MessageFlags.Ephemeral : undefined })).id;
    const ids = await poster.postReply(reply, async (payload, index) => {
      if (index > 0) return followUp(payload, index);
      if (!responded && payload.files === undefined) {
        responded = true;
        await writeJson(response, 200, { type: MESSAGE, data: toMessageJson(payload, flags) });
        // The message id, for follow-up questions that reply to it, only when the core wants it.
        return outgoing?.afterSend ? (await webhook.fetchMessage('@original')).id : undefined;
      }
      if (!responded) await defer(reply.private ?? false);
      return (await webhook.editMessage('@original', payload)).id;
    });
    await outgoing?.afterSend?.(ids);
    await poster.postFollowUps(outgoing, followUp);
  }

  return startWebhookServer({
    host: options.host,
    port: options.port,
    path: INTERACTIONS_PATH,
    handler: (request, response) =>
      handle(request, response).catch((error: unknown) => {
        logger.error({ err: redactSecrets(String(error)) }, 'discord interaction failed');
        if (!response.headersSent)
          void writeJson(response, 200, {
            type: MESSAGE,
            data: { content: 'Something went wrong on our side.', flags: EPHEMERAL },
          });
      }),
    onError: (error) =>
      logger.error({ err: redactSecrets(String(error)) }, 'discord interactions server error'),
  });
}

/** A Payload as API JSON, for the HTTP response (which carries no files). */
function toMessageJson(payload: Payload, flags: number) {
  return {
    content: payload.content,
    embeds: payload.embeds,
    components: payload.components,
    allowed_mentions: { parse: [], replied_user: false },
    flags,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Resolves once the response is flushed: Discord must see it before any webhook edit. */
function writeJson(response: ServerResponse, status: number, payload: object): Promise<void> {
  return new Promise((resolve) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload), () => resolve());
  });
}
