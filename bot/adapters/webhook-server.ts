import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookServer {
  /** The port actually bound (tests listen on port 0). */
  port: number;
  close(): Promise<void>;
}

/** A small HTTP server that passes POSTs on one path to the handler; the handler checks the secret. */
export async function startWebhookServer(options: {
  host: string;
  port: number;
  path: string;
  handler: (request: IncomingMessage, response: ServerResponse) => unknown;
  onError: (error: unknown) => void;
}): Promise<WebhookServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'POST' || path !== options.path) {
      response.writeHead(404).end();
      return;
    }
    Promise.resolve(options.handler(request, response)).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
