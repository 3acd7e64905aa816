import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '900000000000000001';
export const GUILD_ID = '900000000000000002';
export const CHANNEL_ID = '900000000000000003';
/** Owns every fake guild: discord.js gives the owner every permission, Manage Server included. */
export const OWNER_ID = '900000000000000099';

export interface RestCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
  /** Attachments of a multipart request (discord.js sends files that way). */
  files?: Array<{ name: string; size: number }>;
  at: number;
}

/** A guild the fake serves, with its one text channel. */
export interface FakeGuild {
  id: string;
  channelId: string;
}

export interface DiscordFakeOptions {
  token: string;
  /** Default: one guild, GUILD_ID with CHANNEL_ID. */
  guilds?: FakeGuild[];
  /** What GET /gateway/bot recommends. */
  recommendedShards?: number;
  /** Close every IDENTIFY with 4004 Authentication failed, as Discord does for a revoked token. */
  refuseIdentify?: boolean;
}

export interface DiscordFake {
  apiUrl: string;
  calls: RestCall[];
  identifies: unknown[];
  /** Gateway sessions open now, by the [shard, count] they identified with. */
  sessions(): Array<[number, number]>;
  /**
   * Sends a gateway dispatch (op 0) to the session holding the shard of `data.guild_id`
   * ((guild_id >> 22) % shard count, as Discord routes), shard 0 for DMs; returns how many got it.
   */
  dispatch(type: string, data: unknown): number;
  /** Messages the bot created in channels; a POST Discord deduplicated by its nonce adds none. */
  created: Array<{ channelId: string; id: string; content: unknown; nonce?: string }>;
  /**
   * Creates the message of the next channel POST `when` matches but never answers it, as when
   * Discord's response is lost after the write: the client times out and retries.
   */
  stallOnceAfterCreating(when: (call: RestCall) => boolean): void;
  /** Answers the requests `when` matches with this error, until the returned function is called. */
  failWhen(
    when: (call: RestCall) => boolean,
    status: number,
    error: { message: string; code: number },
  ): () => void;
  close(): Promise<void>;
}

let nextId = 910_000_000_000_000_000n;
export const snowflake = () => String((nextId += 1n));

/** A message object as Discord returns it, for the content the bot sent. */
/** The bot's own user, as the gateway and message payloads show it. */
const BOT_USER = {
  id: APP_ID,
  username: 'depin-bot',
  discriminator: '0',
  avatar: null,
  bot: true,
  global_name: null,
};

/** A message the bot posted, as Discord returns it (also what a button press carries). */
export function toMessage(body: Record<string, unknown>, channelId: string) {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: BOT_USER,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: 0,
    flags: body.flags ?? 0,
  };
}

/** A Discord user as the API shows one. */
export const user = (id: string) => ({
  id,
  username: `user${id.slice(-3)}`,
  discriminator: '0',
  avatar: null,
  global_name: null,
});
/** A guild member with these permission bits. */
export const member = (id: string, permissions: string) => ({
  user: user(id),
  roles: [],
  permissions,
  joined_at: '2025-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0,
  pending: false,
});

/** An interaction in the guild channel, as Discord delivers it (gateway or HTTP): 2 command, 3 button, 4 autocomplete. */
export function interaction(
  type: 2 | 3 | 4,
  data: object,
  options: { userId?: string; permissions?: string } = {},
) {
  const id = snowflake();
  return {
    id,
    application_id: APP_ID,
    type,
    token: `itoken-${id}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
    member: member(options.userId ?? '800000000000000001', options.permissions ?? '0'),
    data,
    app_permissions: '2048',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
  };
}

/** A guild member's message mentioning the bot, as the gateway dispatches it (MESSAGE_CREATE). */
export function mentionMessage(message: {
  channelId: string;
  guildId: string;
  author: object;
  content: string;
  id?: string;
  /** The mentioned bot's user id (each shard fleet's application has its own). */
  botId?: string;
}) {
  const bot = { ...BOT_USER, id: message.botId ?? APP_ID };
  return {
    id: message.id ?? snowflake(),
    channel_id: message.channelId,
    guild_id: message.guildId,
    author: message.author,
    member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content: `<@${bot.id}> ${message.content}`,
    mentions: [bot],
    mention_roles: [],
    mention_everyone: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  };
}

/**
 * Discord on loopback: the v10 JSON gateway over `ws` (HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, then whatever dispatches a test sends) and the REST routes the bot calls, recording
 * the exact JSON it sends.
 */
/** The shard a guild's events go to. */
export const shardOf = (guildId: string | undefined, count: number) =>
  guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(count));

export async function startDiscordFake(options: DiscordFakeOptions): Promise<DiscordFake> {
  const guilds = options.guilds ?? [{ id: GUILD_ID, channelId: CHANNEL_ID }];
  const calls: RestCall[] = [];
  const identifies: unknown[] = [];
  const sockets = new Set<WebSocket>();
  const shardOfSocket = new Map<WebSocket, [number, number]>();
  /** Registered commands by route, as GET returns them. */
  const registered = new Map<string, unknown[]>();
  const failures = new Set<{ when: (call: RestCall) => boolean; status: number; error: object }>();
  const created: DiscordFake['created'] = [];
  const stalls = new Set<(call: RestCall) => boolean>();
  let sequence = 0;
  const http = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const { body, files } = await readBody(request);
    const call = { method: request.method ?? '', path, query: url.search, body, files, at: Date.now() };
    calls.push(call);
    const send = (status: number, payload?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    for (const failure of failures) if (failure.when(call)) return send(failure.status, failure.error);
    if (
      request.headers.authorization !== `Bot ${options.token}` &&
      !path.startsWith('/interactions/') &&
      !path.startsWith('/webhooks/')
    ) {
      return send(401, { message: '401: Unauthorized', code: 0 });
    }
    const route = `${request.method} ${path}`;
    let match: RegExpExecArray | null;
    if (route === 'GET /gateway/bot') {
      return send(200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: options.recommendedShards ?? 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
      });
    }
    if (/^GET \/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(route))
      return send(200, registered.get(path) ?? []);
    if (/^PUT \/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(route)) {
      const commands = (body as unknown as Array<Record<string, unknown>>).map((command) => ({
        ...command,
        id: snowflake(),
        application_id: APP_ID,
        version: '1',
      }));
      registered.set(path, commands);
      return send(200, commands);
    }
    if ((match = /^POST \/interactions\/(\d+)\/[^/]+\/callback$/.exec(route))) {
      if (!url.searchParams.has('with_response')) return send(204);
      const data = (body?.data ?? {}) as Record<string, unknown>;
      return send(200, {
        interaction: {
          id: match[1],
          type: 2,
          activity_instance_id: null,
          response_message_id: null,
          response_message_loading: false,
          response_message_ephemeral: false,
        },
        resource: { type: body?.type, message: toMessage(data, CHANNEL_ID) },
      });
    }
    if (/^GET \/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(route))
      return send(200, toMessage({}, CHANNEL_ID));
    if (/^(PATCH \/webhooks\/\d+\/[^/]+\/messages\/@original|POST \/webhooks\/\d+\/[^/]+)$/.test(route)) {
      return send(200, toMessage(body ?? {}, CHANNEL_ID));
    }
    if ((match = /^POST \/channels\/(\d+)\/messages$/.exec(route))) {
      const channelId = match[1] ?? '';
      const nonce = typeof body?.nonce === 'string' ? body.nonce : undefined;
      // Discord: with enforce_nonce, the same nonce from the same author within minutes returns
      // the message it already created.
      const earlier = body?.enforce_nonce === true && created.find((m) => m.nonce === nonce);
      const message = toMessage(body ?? {}, channelId);
      if (earlier) return send(200, { ...message, id: earlier.id });
      created.push({ channelId, id: message.id, content: message.content, nonce });
      for (const stall of stalls) {
        if (!stall(call)) continue;
        stalls.delete(stall);
        return; // the response never comes; close() ends the socket
      }
      return send(200, message);
    }
    if (/^POST \/channels\/\d+\/typing$/.test(route)) return send(204);
    if ((match = /^GET \/channels\/(\d+)$/.exec(route))) {
      const guild = guilds.find((candidate) => candidate.channelId === match?.[1]);
      if (guild) return send(200, channelPayload(guild));
      return send(403, { message: 'Missing Access', code: 50001 });
    }
    send(404, { message: 'Unknown route', code: 0 });
  });
  // Node closes idle keep-alive sockets after 5 s, racing the client's reuse of them ("other side
  // closed"); Discord's edge keeps them open far longer.
  http.keepAliveTimeout = 120_000;
  const gateway = new WebSocketServer({ server: http, path: '/gateway' });
  const emit = (socket: WebSocket, payload: object) => socket.send(JSON.stringify(payload));
  gateway.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      shardOfSocket.delete(socket);
    });
    emit(socket, { op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null });
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: unknown };
      if (packet.op === 1) emit(socket, { op: 11, d: null, s: null, t: null });
      if (packet.op !== 2) return;
      identifies.push(packet.d);
      if (options.refuseIdentify) return socket.close(4004, 'Authentication failed.');
      const shard = (packet.d as { shard?: [number, number] }).shard ?? [0, 1];
      shardOfSocket.set(socket, shard);
      const mine = guilds.filter((guild) => shardOf(guild.id, shard[1]) === shard[0]);
      emit(socket, { op: 0, t: 'READY', s: ++sequence, d: readyPayload(port, shard, mine) });
      for (const guild of mine)
        emit(socket, { op: 0, t: 'GUILD_CREATE', s: ++sequence, d: guildPayload(guild) });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    identifies,
    created,
    stallOnceAfterCreating: (when) => void stalls.add(when),
    sessions: () => [...shardOfSocket.values()],
    dispatch(type, data) {
      const guildId = (data as { guild_id?: string }).guild_id;
      let sent = 0;
      for (const [socket, [shard, count]] of shardOfSocket) {
        if (shardOf(guildId, count) !== shard) continue;
        emit(socket, { op: 0, t: type, s: ++sequence, d: data });
        sent++;
      }
      return sent;
    },
    failWhen(when, status, error) {
      const failure = { when, status, error };
      failures.add(failure);
      return () => failures.delete(failure);
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate();
        gateway.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function readyPayload(port: number, shard: [number, number], guilds: FakeGuild[]) {
  return {
    v: 10,
    user: BOT_USER,
    guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: `fake-session-${shard[0]}`,
    resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
    shard,
    application: { id: APP_ID, flags: 0 },
  };
}

function channelPayload(guild: FakeGuild) {
  return {
    id: guild.channelId,
    type: 0,
    guild_id: guild.id,
    name: 'general',
    position: 0,
    permission_overwrites: [],
  };
}

function guildPayload(guild: FakeGuild) {
  return {
    id: guild.id,
    name: 'DePIN investors',
    icon: null,
    owner_id: OWNER_ID,
    unavailable: false,
    member_count: 3,
    large: false,
    joined_at: new Date().toISOString(),
    features: [],
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [channelPayload(guild)],
    threads: [],
    members: [],
    emojis: [],
    stickers: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

async function readBody(
  request: IncomingMessage,
): Promise<{ body?: Record<string, unknown>; files?: Array<{ name: string; size: number }> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) {
    return raw.length > 0 ? { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> } : {};
  }
  // JSON in the payload_json part, files in files[n] parts.
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: Array<{ name: string; size: number }> = [];
  for (const [key, value] of form.entries())
    if (key.startsWith('files[') && typeof value !== 'string')
      files.push({ name: value.name, size: value.size });
  const json = form.get('payload_json');
  return { body: typeof json === 'string' ? (JSON.parse(json) as Record<string, unknown>) : {}, files };
}
