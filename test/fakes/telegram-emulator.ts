import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipartFields } from './multipart.ts';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** telegram-test-api on 127.0.0.1 and a free port (its config turns port 0 into 9000, so we set it after). */
export async function startTelegramEmulator(): Promise<{ server: TelegramServer; apiUrl: string }> {
  const server = new TelegramServer({ host: '127.0.0.1', storeTimeout: 600 });
  server.config.port = 0;
  await server.start();
  const internal = server as unknown as { server: Server };
  const port = (internal.server.address() as AddressInfo).port;
  server.config.port = port;
  server.config.apiURL = `http://127.0.0.1:${port}`;
  return { server, apiUrl: server.config.apiURL };
}

export interface BotApiCall {
  method: string;
  params: Record<string, unknown>;
  /** When the call arrived and when its answer went out or the caller gave up (Date.now()). */
  at: number;
  endedAt?: number;
}

export interface TelegramGatewayOptions {
  /** The emulator every other call goes to. */
  upstream: string;
  /** getChatMember status per "chatId:userId" (the emulator has no getChatMember). */
  members?: Record<string, string>;
  /** Chats whose sendMessage fails with 403, as for a user who blocked the bot. */
  blockedChats?: Set<string>;
  /** Answer sendPhoto here (the emulator has none), recording its multipart fields as params. */
  answerPhotos?: boolean;
}

export interface TelegramGateway {
  apiUrl: string;
  calls: BotApiCall[];
  callsOf(method: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

const answeredHere = new Set(['getChatMember', 'sendChatAction', 'setMyCommands']);

/**
 * The small Telegram handler beside the emulator: records every Bot API call with its exact params,
 * answers the methods the emulator lacks (when a test configures them), fails sends to blocked chats
 * with Telegram's 403, and holds empty getUpdates briefly as Telegram's long polling would.
 */
export async function startTelegramGateway(options: TelegramGatewayOptions): Promise<TelegramGateway> {
  const calls: BotApiCall[] = [];
  let photoId = 0;
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(request.url ?? '')?.[1] ?? '';
    const params = parseParams(request, body);
    const call: BotApiCall = { method, params, at: Date.now() };
    calls.push(call);
    response.once('close', () => (call.endedAt = Date.now()));
    const reply = (status: number, payload: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    if (method === 'sendMessage' && options.blockedChats?.has(String(params.chat_id))) {
      return reply(403, {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    }
    if (method === 'sendPhoto' && options.answerPhotos) {
      photoId += 1;
      return reply(200, {
        ok: true,
        result: {
          message_id: 1_000_000 + photoId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(params.chat_id) },
          photo: [],
        },
      });
    }
    if (answeredHere.has(method) && options.members) {
      if (method !== 'getChatMember') return reply(200, { ok: true, result: true });
      const status = options.members[`${params.chat_id}:${params.user_id}`] ?? 'member';
      return reply(200, {
        ok: true,
        result: { status, user: { id: Number(params.user_id), is_bot: false, first_name: 'U' } },
      });
    }
    const upstream = await forward(options.upstream, request, body).catch((error: unknown) => ({
      status: 502,
      body: JSON.stringify({ ok: false, error_code: 502, description: `Bad Gateway: ${String(error)}` }),
    }));
    if (method === 'getUpdates' && upstream.body.includes('"result":[]')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(upstream.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method).map((call) => call.params),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseParams(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = String(request.headers['content-type']);
  if (body.length === 0) return {};
  if (type.includes('json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  if (!type.includes('multipart/form-data')) return {};
  return parseMultipartFields(body, type);
}

function forward(
  upstream: string,
  request: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(request.url ?? '/', upstream);
    const outgoing = httpRequest(
      target,
      {
        method: request.method,
        headers: { ...request.headers, host: target.host, 'content-length': body.length },
      },
      async (response) =>
        resolve({ status: response.statusCode ?? 502, body: (await readBody(response)).toString('utf8') }),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
