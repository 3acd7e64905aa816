import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import { createLogger } from '../../../../bot/logger.ts';
import type { ReachabilityStore } from '../../../../bot/reachability-store.ts';
import type { Router } from '../../../../bot/router.ts';
import { waitFor } from '../../wait-for.ts';

const TOKEN = '333:OUTAGE_TOKEN_abcdefghijklmnopqrstuvwxyz';

/** A Bot API that answers getMe and setMyCommands, and cuts every getUpdates until `down` is false. */
function startFlakyBotApi(): { server: Server; state: { down: boolean; polls: number } } {
  const state = { down: true, polls: 0 };
  const server = createServer((request, response) => {
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(request.url ?? '')?.[1];
    const ok = (result: unknown) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, result }));
    if (method === 'getMe') return ok({ id: 333, is_bot: true, first_name: 'Bot', username: 'outage_bot' });
    if (method !== 'getUpdates') return ok(true);
    state.polls += 1;
    // The connection dies without an answer, as when the Bot API (or the way to it) is down.
    if (state.down) return request.socket.destroy();
    setTimeout(() => ok([]), 200);
  });
  return { server, state };
}

describe('a Bot API outage while polling (past bug: 18 s of failures left no log line)', () => {
  const { server, state } = startFlakyBotApi();
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(
    'warns with the error at once, says how long it has lasted, and says when polling recovers',
    { timeout: 30_000 },
    async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const lines: Array<{ level: number; msg: string; failingMs?: number; failedMs?: number }> = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      const adapter = createTelegramAdapter({
        token: TOKEN,
        apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        router: { specs: [] } as unknown as Router,
        reachability: {} as ReachabilityStore,
        logger: createLogger('info', sink),
        pollingWarnEveryMs: 1_000,
      });
      await adapter.start();
      try {
        await waitFor(() => state.polls >= 4, 15_000);
        state.down = false;
        await waitFor(() => lines.some((line) => /works again/.test(line.msg)), 10_000);
      } finally {
        await adapter.stop();
      }
      const failing = lines.filter((line) => /^telegram polling failing for/.test(line.msg));
      expect(failing[0]?.level).toBe(40);
      expect(failing[0]?.msg).toMatch(
        /failing for 0\.0 s: .*(socket|other side closed|fetch failed|ECONNRESET)/i,
      );
      expect(failing.at(-1)?.failingMs).toBeGreaterThanOrEqual(1_000);
      const recovered = lines.find((line) => /works again/.test(line.msg));
      expect(recovered?.failedMs).toBeGreaterThanOrEqual(2_000);
      expect(JSON.stringify(lines)).not.toContain('OUTAGE_TOKEN');
    },
  );
});
