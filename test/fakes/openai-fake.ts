import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How /v1/chat/completions answers. */
export type ChatMode =
  | 'ok' // cites passage [1] with its first sentence
  | 'rate-limited' // 429 with OpenAI's error body
  | 'server-error' // 500
  | 'slow' // answers after `slowMs`, longer than any test's LLM time-out
  | 'malformed' // 200 with a truncated JSON body
  | 'out-of-range' // cites [1] and a passage number one past the last given
  | 'unknown-only' // cites only a passage number that was not given
  | 'not-found'; // the model's "the passages do not answer" marker

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  headers: IncomingHttpHeaders;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  encodingFormat?: string;
}

export interface FakeOpenAI {
  /** Base URL including /v1, as OPENAI_BASE_URL expects it. */
  url: string;
  chatRequests: ChatRequest[];
  embeddingRequests: EmbeddingRequest[];
  setChatMode(mode: ChatMode): void;
  /** Answers every chat request with this text (or what it computes from the request) until reset. */
  setChatReply(reply: string | ((request: ChatRequest) => string)): void;
  /** The headers a 429 carries (default `retry-after-ms: 5`, which keeps the SDK's backoff short). */
  setRateLimitHeaders(headers: Record<string, string>): void;
  /** The next `count` embeddings requests fail with `status` (then the normal answer resumes). */
  failEmbeddings(count: number, status: number): void;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSION = 8;

/** The fake's deterministic vector for a text, so tests can check order and batching. */
export function fakeEmbedding(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  return Array.from({ length: FAKE_EMBEDDING_DIMENSION }, (_, index) => (digest[index]! - 128) / 128);
}

/** The number of `<passage number=...>` blocks in a chat request, as the model would see them. */
export function passageCount(request: ChatRequest): number {
  return [...(request.messages.at(-1)?.content ?? '').matchAll(/<passage number="\d+"/g)].length;
}

/** The number of the first passage in a chat request whose text contains `part` (a canned answer cites it). */
export function passageNumberWith(request: ChatRequest, part: string): number {
  const content = request.messages.at(-1)?.content ?? '';
  for (const match of content.matchAll(/<passage number="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g))
    if (match[2]!.includes(part)) return Number(match[1]);
  throw new Error(`no passage given to the model contains ${JSON.stringify(part)}`);
}

/** A loopback OpenAI-compatible API: chat completions and embeddings in the real wire format. */
export async function startFakeOpenAI(options: { slowMs?: number } = {}): Promise<FakeOpenAI> {
  const slowMs = options.slowMs ?? 5_000;
  let chatMode: ChatMode = 'ok';
  let chatReply: string | ((request: ChatRequest) => string) | undefined;
  let rateLimitHeaders: Record<string, string> = DEFAULT_RATE_LIMIT_HEADERS;
  let embeddingFailures: { count: number; status: number } = { count: 0, status: 200 };
  const chatRequests: ChatRequest[] = [];
  const embeddingRequests: EmbeddingRequest[] = [];

  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (part: string) => (raw += part));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      if (request.method === 'POST' && url.pathname === '/v1/chat/completions') {
        const recorded = { ...(body as Omit<ChatRequest, 'headers'>), headers: request.headers };
        chatRequests.push(recorded);
        if (chatReply !== undefined) {
          const content = typeof chatReply === 'string' ? chatReply : chatReply(recorded);
          return sendJson(response, 200, completion(recorded.model, content));
        }
        if (chatMode === 'rate-limited') return sendError(response, 429, rateLimitHeaders);
        return answerChat(response, recorded, chatMode, slowMs);
      }
      if (request.method === 'POST' && url.pathname === '/v1/embeddings') {
        const input = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
        embeddingRequests.push({
          model: String(body.model),
          input,
          encodingFormat: body.encoding_format as string | undefined,
        });
        if (embeddingFailures.count > 0) {
          embeddingFailures.count--;
          return sendError(response, embeddingFailures.status);
        }
        return answerEmbeddings(response, String(body.model), input, body.encoding_format === 'base64');
      }
      sendJson(response, 404, {
        error: { message: `Unknown path ${url.pathname}`, type: 'invalid_request_error' },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    chatRequests,
    embeddingRequests,
    setChatMode(mode) {
      chatMode = mode;
    },
    setChatReply(reply) {
      chatReply = reply;
    },
    setRateLimitHeaders(headers) {
      rateLimitHeaders = headers;
    },
    failEmbeddings(count, status) {
      embeddingFailures = { count, status };
    },
    reset() {
      chatMode = 'ok';
      chatReply = undefined;
      rateLimitHeaders = DEFAULT_RATE_LIMIT_HEADERS;
      embeddingFailures = { count: 0, status: 200 };
      chatRequests.length = 0;
      embeddingRequests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerChat(response: ServerResponse, request: ChatRequest, mode: ChatMode, slowMs: number): void {
  const passages = passageCount(request);
  const firstPassage = /<passage number="1"[^>]*>\n([^\n]*)/.exec(
    request.messages.at(-1)?.content ?? '',
  )?.[1];
  // One sentence of passage 1, cited: what a well-behaved model sends.
  const firstSentence = firstPassage?.split(/(?<=[.!?])\s+/)[0];
  const grounded = `According to the sources, ${firstSentence ?? 'nothing'} [1]`;
  switch (mode) {
    case 'rate-limited':
      return sendError(response, 429);
    case 'server-error':
      return sendError(response, 500);
    case 'malformed':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        '{"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,"message":{"role":',
      );
      return;
    case 'slow':
      setTimeout(() => {
        if (!response.destroyed) sendJson(response, 200, completion(request.model, grounded));
      }, slowMs).unref();
      return;
    case 'out-of-range':
      return sendJson(
        response,
        200,
        completion(request.model, `${grounded} It also says more [${passages + 1}].`),
      );
    case 'unknown-only':
      return sendJson(response, 200, completion(request.model, `Invented detail [${passages + 1}].`));
    case 'not-found':
      return sendJson(response, 200, completion(request.model, 'NOT_IN_SOURCES'));
    case 'ok':
      return sendJson(response, 200, completion(request.model, grounded));
  }
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

function answerEmbeddings(response: ServerResponse, model: string, input: string[], base64: boolean): void {
  sendJson(response, 200, {
    object: 'list',
    data: input.map((text, index) => {
      const vector = fakeEmbedding(text);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      };
    }),
    model,
    usage: { prompt_tokens: input.length, total_tokens: input.length },
  });
}

// retry-after-ms keeps the SDK's backoff short in tests; real APIs send retry-after in seconds.
const DEFAULT_RATE_LIMIT_HEADERS = { 'retry-after-ms': '5' };

function sendError(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = DEFAULT_RATE_LIMIT_HEADERS,
): void {
  const [type, code, message] =
    status === 429
      ? ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests']
      : ['server_error', null, 'The server had an error while processing your request.'];
  sendJson(response, status, { error: { message, type, param: null, code } }, headers);
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
