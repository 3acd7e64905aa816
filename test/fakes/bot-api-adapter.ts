import type { ChatAdapter, SendOutcome } from '../../chat/chat-adapter.ts';
import type { Reply } from '../../chat/reply.ts';

/**
 * A minimal ChatAdapter speaking the Bot API's sendMessage over HTTP (text only): what the crash
 * tests and the digest benchmark drive, independent of the Telegram adapter being built in bot/.
 */
export function createBotApiAdapter(baseUrl: string, token = '123:TEST'): ChatAdapter {
  return {
    platform: 'telegram',
    async start() {},
    async stop() {},
    async send(channel, reply): Promise<SendOutcome> {
      try {
        const response = await fetch(`${baseUrl}/bot${token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: channel.chatId, text: toText(reply) }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as {
          ok: boolean;
          description?: string;
          result?: { message_id: number };
        };
        if (body.ok) return { ok: true, messageIds: [String(body.result?.message_id)] };
        if (response.status === 403 || response.status === 400) {
          return { ok: false, reason: 'unreachable', detail: body.description ?? String(response.status) };
        }
        return { ok: false, reason: 'transient', detail: body.description ?? String(response.status) };
      } catch (error) {
        return { ok: false, reason: 'transient', detail: (error as Error).message };
      }
    },
  };
}

function toText(reply: Reply): string {
  const sources = reply.sources.map((source) => `[${source.n}] ${source.title}`);
  return [...reply.blocks, ...sources].join('\n\n').slice(0, 4096);
}
