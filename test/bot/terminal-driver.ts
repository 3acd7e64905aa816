import { PassThrough } from 'node:stream';
import type { Database } from '../../db/database.ts';
import {
  createTerminalAdapter,
  type TerminalAdapter,
  type TerminalIdentity,
} from '../../bot/adapters/terminal/terminal.ts';
import type { Config } from '../../bot/config.ts';
import { createBotCore, type BotCore } from '../../bot/core.ts';
import { createLogger } from '../../bot/logger.ts';
import type { MetricsServices } from '../../metrics/metrics-services.ts';
import { metricsPlugins } from './replay-metrics.ts';
import type { FakeAsk } from '../fakes/fake-ask.ts';

export const testLimits: Config['limits'] = {
  askPerMinute: 100,
  askPerDay: 1000,
  questionMaxChars: 1000,
  askTimeoutMs: 5000,
  askConcurrency: 4,
};

export interface TerminalDriver {
  core: BotCore;
  adapter: TerminalAdapter;
  /** Types a line and returns everything printed in answer to it. */
  say(line: string): Promise<string>;
  /** Types the following lines as this user (default: the operator in a private chat, a moderator). */
  actAs(identity: TerminalIdentity): void;
  close(): Promise<void>;
}

export interface TerminalOptions {
  metrics?: MetricsServices;
}

const operator: TerminalIdentity = { chatKind: 'private', userId: 'operator', moderator: true };

/** The real core and terminal adapter over piped streams, as `echo ... | npm start` runs them. */
export async function openTerminal(
  db: Database,
  fake: FakeAsk,
  limits: Partial<Config['limits']> = {},
  options: TerminalOptions = {},
): Promise<TerminalDriver> {
  const core = await createBotCore({
    db,
    ask: fake.ask,
    limits: { ...testLimits, ...limits },
    logger: createLogger('silent'),
    ...(options.metrics ? await metricsPlugins(db, options.metrics) : {}),
  });
  let identity = operator;
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const adapter = createTerminalAdapter({
    router: core.router,
    input,
    output,
    interactive: false,
    logger: createLogger('silent'),
    identity: () => identity,
  });
  await adapter.start();
  return {
    core,
    adapter,
    async say(line) {
      const before = printed.length;
      input.write(`${line}\n`);
      await new Promise((resolve) => setImmediate(resolve));
      await adapter.whenIdle();
      return printed.slice(before).trim();
    },
    actAs(next) {
      identity = next;
    },
    async close() {
      input.end();
      await adapter.closed;
    },
  };
}
