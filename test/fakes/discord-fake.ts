import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '900000000000000001';
export const GUILD_ID = '900000000000000002';
export const CHANNEL_ID = '900000000000000003';

export interface RestCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
  /** Attachments of a multipart request (discord.js sends files that way). */
  files?: Array<{ name: string; size: number }>;
  at: number;
}

export interface DiscordFake {
  apiUrl: string;
  calls: RestCall[];
  identifies: unknown[];
  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(type: string, data: unknown): number;
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

/**
 * Discord on loopback: the v10 JSON gateway over `ws` (HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, then whatever dispatches a test sends) and the REST routes the bot calls, recording
 * the exact JSON it sends.
 */
export async function startDiscordFake(options: { token: string }): Promise<DiscordFake> {
  const calls: RestCall[] = [];
  const identifies: unknown[] = [];
  const sockets = new Set<WebSocket>();
  const failures = new Set<{ when: (call: RestCall) => boolean; status: number; error: object }>();
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
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (/^PUT \/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(route)) {
      return send(
        200,
        (body as unknown as Array<Record<string, unknown>>).map((command) => ({
          ...command,
          id: snowflake(),
          application_id: APP_ID,
          version: '1',
        })),
      );
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
    if (/^(PATCH \/webhooks\/\d+\/[^/]+\/messages\/@original|POST \/webhooks\/\d+\/[^/]+)$/.test(route)) {
      return send(200, toMessage(body ?? {}, CHANNEL_ID));
    }
    if ((match = /^POST \/channels\/(\d+)\/messages$/.exec(route)))
      return send(200, toMessage(body ?? {}, match[1] ?? ''));
    if (/^POST \/channels\/\d+\/typing$/.test(route)) return send(204);
    if ((match = /^GET \/channels\/(\d+)$/.exec(route))) {
      if (match[1] === CHANNEL_ID)
        return send(200, {
          id: CHANNEL_ID,
          type: 0,
          guild_id: GUILD_ID,
          name: 'general',
          position: 0,
          permission_overwrites: [],
        });
      return send(403, { message: 'Missing Access', code: 50001 });
    }
    send(404, { message: 'Unknown route', code: 0 });
  });
  const gateway = new WebSocketServer({ server: http, path: '/gateway' });
  const emit = (socket: WebSocket, payload: object) => socket.send(JSON.stringify(payload));
  gateway.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    emit(socket, { op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null });
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: unknown };
      if (packet.op === 1) emit(socket, { op: 11, d: null, s: null, t: null });
      if (packet.op !== 2) return;
      identifies.push(packet.d);
      emit(socket, { op: 0, t: 'READY', s: ++sequence, d: readyPayload(port) });
      emit(socket, { op: 0, t: 'GUILD_CREATE', s: ++sequence, d: guildPayload() });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    identifies,
    dispatch(type, data) {
      for (const socket of sockets) emit(socket, { op: 0, t: type, s: ++sequence, d: data });
      return sockets.size;
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

function readyPayload(port: number) {
  return {
    v: 10,
    user: BOT_USER,
    guilds: [{ id: GUILD_ID, unavailable: true }],
    session_id: 'fake-session',
    resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
    shard: [0, 1],
    application: { id: APP_ID, flags: 0 },
  };
}

function guildPayload() {
  return {
    id: GUILD_ID,
    name: 'DePIN investors',
    icon: null,
    owner_id: '900000000000000099',
    unavailable: false,
    member_count: 3,
    large: false,
    joined_at: new Date().toISOString(),
    features: [],
    roles: [
      {
        id: GUILD_ID,
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
    channels: [
      {
        id: CHANNEL_ID,
        type: 0,
        name: 'general',
        guild_id: GUILD_ID,
        position: 0,
        permission_overwrites: [],
      },
    ],
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
