import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { Router } from '../../../../bot/router.ts';
import type { ReachabilityStore } from '../../../../bot/reachability-store.ts';

describe('starting the Telegram adapter', () => {
  const server = createServer((_request, response) => {
    response
      .writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
  });
  let apiRoot = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const adapter = (root: () => string) =>
    createTelegramAdapter({
      token: '111:REJECTED_TOKEN_abcdefghijklmnopqrstuvwxyz',
      apiRoot: root(),
      router: { specs: [] } as unknown as Router,
      reachability: {} as ReachabilityStore,
      logger: createLogger('silent'),
    });

  it('fails fast with a message naming TELEGRAM_BOT_TOKEN when Telegram rejects the token', async () => {
    await expect(adapter(() => apiRoot).start()).rejects.toThrow(
      /^TELEGRAM_BOT_TOKEN was rejected by Telegram/,
    );
  });

  it('fails fast, not retrying forever, when the Bot API cannot be reached', async () => {
    const started = Date.now();
    await expect(adapter(() => 'http://127.0.0.1:9').start()).rejects.toThrow(
      /^Telegram is unreachable at TELEGRAM_API_ROOT/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('never puts the token in the error message', async () => {
    const error = await adapter(() => 'http://127.0.0.1:9')
      .start()
      .catch((caught: unknown) => caught as Error);
    expect(String(error?.message)).not.toContain('REJECTED_TOKEN');
  });
});
