import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinFront {
  url: string;
  /** Requests sent to a backend that have not been answered yet. */
  inFlight(backend: number): number;
  /** Which backend answered each delivered body (by the key the caller extracts). */
  answeredBy: Map<string, number>;
  /** Deliveries retried on another backend after one failed (a killed process). */
  redelivered(): number;
  close(): Promise<void>;
}

/**
 * A small load balancer on loopback: each request goes to the next backend in turn; one that
 * cannot be reached or drops the connection is retried on the next, as Telegram redelivers a
 * webhook update that got no answer. A request is only given up on when every backend failed
 * several rounds.
 */
export async function startRoundRobinFront(options: {
  backends: readonly number[];
  keyOf(body: Buffer): string;
}): Promise<RoundRobinFront> {
  const open = options.backends.map(() => 0);
  const answeredBy = new Map<string, number>();
  let next = 0;
  let redelivered = 0;
  const server = createServer((incoming, response) => {
    void readBody(incoming).then(async (body) => {
      for (let attempt = 0; attempt < options.backends.length * 20; attempt += 1) {
        const backend = next++ % options.backends.length;
        open[backend]! += 1;
        const status = await forward(options.backends[backend]!, incoming, body).finally(
          () => (open[backend]! -= 1),
        );
        if (status !== undefined && status < 500) {
          answeredBy.set(options.keyOf(body), backend);
          response.writeHead(status).end();
          return;
        }
        redelivered += 1;
        if ((attempt + 1) % options.backends.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      response.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: (backend) => open[backend] ?? 0,
    answeredBy,
    redelivered: () => redelivered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The backend's status, or undefined when it could not be reached or dropped the connection. */
function forward(port: number, incoming: IncomingMessage, body: Buffer): Promise<number | undefined> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'content-length': String(body.length), connection: 'close' },
        timeout: 60_000,
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode));
        answer.on('error', () => resolve(undefined));
      },
    );
    outgoing.on('error', () => resolve(undefined));
    outgoing.on('timeout', () => outgoing.destroy());
    outgoing.end(body);
  });
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
