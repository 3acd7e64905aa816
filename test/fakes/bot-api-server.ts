import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipartFields } from './multipart.ts';

export interface ReceivedMessage {
  chatId: string;
  /** The message text, or a photo's caption. */
  text: string;
  at: number;
  kind: 'text' | 'photo';
}

export interface FakeBotApi {
  url: string;
  received: ReceivedMessage[];
  /** Chats answering 403 "bot was blocked by the user". */
  blocked: Set<string>;
  /** Blocked chats a send was refused to, in order. */
  refused: string[];
  latencyMs: number;
  /** Highest number of messages accepted within any one-second window. */
  peakPerSecond(): number;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the Telegram Bot API's sendMessage and sendPhoto (same JSON or multipart in and out, same 403 for a
 * user who blocked the bot), recording every accepted message. Used by the crash tests and the
 * digest benchmark.
 */
export async function startFakeBotApi(latencyMs = 0): Promise<FakeBotApi> {
  const received: ReceivedMessage[] = [];
  let messageId = 0;
  const api: FakeBotApi = {
    url: '',
    received,
    blocked: new Set(),
    refused: [],
    latencyMs,
    peakPerSecond() {
      let peak = 0;
      let start = 0;
      for (let end = 0; end < received.length; end++) {
        while (received[end]!.at - received[start]!.at >= 1000) start++;
        peak = Math.max(peak, end - start + 1);
      }
      return peak;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: object) => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const answer = () => {
        const kind = request.url?.endsWith('/sendMessage')
          ? 'text'
          : request.url?.endsWith('/sendPhoto')
            ? 'photo'
            : undefined;
        if (!kind) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
        const raw = Buffer.concat(chunks);
        const type = String(request.headers['content-type']);
        const fields = type.includes('multipart/form-data')
          ? parseMultipartFields(raw, type)
          : (JSON.parse(raw.toString('utf8')) as Record<string, string>);
        const body = { chat_id: fields.chat_id ?? '', text: fields.text ?? fields.caption ?? '' };
        const chatId = String(body.chat_id);
        if (api.blocked.has(chatId)) {
          api.refused.push(chatId);
          return reply(403, {
            ok: false,
            error_code: 403,
            description: 'Forbidden: bot was blocked by the user',
          });
        }
        received.push({ chatId, text: body.text, at: Date.now(), kind });
        reply(200, {
          ok: true,
          result: { message_id: ++messageId, chat: { id: body.chat_id }, text: body.text },
        });
      };
      if (api.latencyMs > 0) setTimeout(answer, api.latencyMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
