import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call, stamped with this server's clock when it arrived. */
export interface RecordedCall {
  method: string;
  at: number;
  chatId?: string;
  text?: string;
  /** reply_parameters.message_id: the question an answer replies to. */
  replyTo?: number;
}

export interface RecordingBotApi {
  /** TELEGRAM_API_ROOT for the bots. */
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export const RECORDING_BOT = { id: 123456, username: 'bench_scale_bot' };

/**
 * A loopback Bot API for many bot processes at once: answers the calls a webhook bot makes (getMe,
 * setMyCommands, setWebhook, sendMessage, sendPhoto, sendChatAction, getChatMember,
 * answerCallbackQuery) in Telegram's JSON, multipart uploads included, and records every call
 * with its arrival time. It enforces no limit: the benchmark measures what the bots sent.
 */
export async function startRecordingBotApi(): Promise<RecordingBotApi> {
  const calls: RecordedCall[] = [];
  let messageId = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const method = request.url?.split('/').pop() ?? '';
      const at = Date.now();
      const payload = parsePayload(request.headers['content-type'] ?? '', body);
      const chatId = payload.chat_id === undefined ? undefined : String(payload.chat_id);
      const replyTo = (payload.reply_parameters as { message_id?: number } | undefined)?.message_id;
      const text = typeof payload.text === 'string' ? payload.text : undefined;
      calls.push({ method, at, chatId, text, replyTo });
      const result = resultFor(method, chatId, () => ++messageId, at, text);
      const status = result === undefined ? 404 : 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          result === undefined
            ? { ok: false, error_code: 404, description: 'Not Found: method not found' }
            : { ok: true, result },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resultFor(
  method: string,
  chatId: string | undefined,
  nextId: () => number,
  at: number,
  text?: string,
): unknown {
  const message = () => ({
    message_id: nextId(),
    date: Math.floor(at / 1000),
    chat: { id: Number(chatId), type: chatId?.startsWith('-') ? 'supergroup' : 'private' },
    ...(text === undefined ? {} : { text }),
  });
  switch (method) {
    case 'getMe':
      return { ...RECORDING_BOT, is_bot: true, first_name: 'Bench' };
    case 'sendMessage':
    case 'sendPhoto':
      return message();
    case 'getChatMember':
      return { status: 'member', user: { id: 1, is_bot: false, first_name: 'User' } };
    case 'setMyCommands':
    case 'setWebhook':
    case 'deleteWebhook':
    case 'sendChatAction':
    case 'answerCallbackQuery':
      return true;
    default:
      return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** JSON for plain calls; multipart/form-data (grammY's uploads): the plain fields only. */
function parsePayload(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.includes('application/json'))
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  const text = body.toString('latin1');
  for (const match of text.matchAll(/name="([a-z_]+)"\r\n\r\n([^\r]*)\r\n/g)) {
    const [, name, value] = match;
    if (name && value !== undefined) fields[name] = value.startsWith('{') ? JSON.parse(value) : value;
  }
  return fields;
}
