/**
 * npm run bench:digest — digest fan-out from a worker process to a loopback Bot API server.
 *   A. 2,000 subscribers with the sender throttled at Telegram's 30 messages/s
 *   B. 20,000 subscribers with the throttle raised to 1,000 messages/s
 *   C. B's set-up, SIGKILL of the worker in the middle, restart
 *   D. crash recovery with the product's job timing: 200 subscribers at 25/s, SIGKILL after 40,
 *      restart; how long after the restart the last (expired, retried) send went out
 *   E. 500 subscribers at 25/s through the product's Telegram adapter with charts on (text + photo)
 * Prints the achieved rate as a fraction of the limit, duplicates and losses. Runs on a scratch
 * Postgres database when DATABASE_URL is set, on embedded PGlite in a temporary folder otherwise.
 * `-- --scale 0.1` runs every scenario at a tenth of the size; `-- --only DE` runs scenarios D and E.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { startFakeBotApi, type FakeBotApi } from '../../test/fakes/bot-api-server.ts';
import { waitFor } from '../../test/fakes/recording-adapter.ts';
import { openScratchPostgres } from '../../test/fakes/test-db.ts';
import {
  killWorker,
  seedFanOut,
  startWorker,
  stopWorker,
  tally,
} from '../../test/metrics/digests/crash/harness.ts';

const { values: args } = parseArgs({ options: { scale: { type: 'string' }, only: { type: 'string' } } });
const scale = Number(args.scale ?? 1);
const url = process.env.DATABASE_URL;

interface Scenario {
  name: string;
  subscribers: number;
  rate: number;
  concurrency: number;
  killAt?: number;
  /** Extra worker environment (see crash/worker.ts). */
  worker?: Record<string, string>;
}

async function openDatabase(): Promise<{
  db: Database;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}> {
  if (url) {
    const db = await openScratchPostgres(url);
    return { db, env: { DATABASE_URL: db.url }, cleanup: async () => {} };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-digest-'));
  const db = await createDatabase({ dataDir: dir });
  await migrate(db);
  return {
    db,
    env: { DATABASE_URL: '', PGLITE_DIR: dir },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function run(scenario: Scenario): Promise<void> {
  const { db, env, cleanup } = await openDatabase();
  const seeded = await seedFanOut(db, scenario.subscribers, 0, 0);
  if (db.kind === 'pglite') await db.close();
  const api: FakeBotApi = await startFakeBotApi(2);
  const workerEnv = {
    ...env,
    BOT_API_URL: api.url,
    SEND_RATE: String(scenario.rate),
    SEND_CONCURRENCY: String(scenario.concurrency),
    ...scenario.worker,
  };
  let worker = startWorker(workerEnv);
  const photos = () => api.received.filter((message) => message.kind === 'photo').length;
  const everyone = () =>
    new Set(api.received.map((message) => message.chatId)).size >= scenario.subscribers &&
    (scenario.worker?.CHARTS !== '1' || photos() >= scenario.subscribers);
  const budgetMs = (scenario.subscribers / scenario.rate) * 3_000 + 120_000;
  let killedAt: number | undefined;
  let restartedAt = 0;
  let leftAtKill = 0;
  if (scenario.killAt) {
    await waitFor(() => api.received.length >= scenario.killAt!, budgetMs);
    await killWorker(worker);
    killedAt = api.received.length;
    leftAtKill = scenario.subscribers - new Set(api.received.map((message) => message.chatId)).size;
    restartedAt = Date.now();
    worker = startWorker(workerEnv);
  }
  await waitFor(everyone, budgetMs);
  await stopWorker(worker);
  const result = tally(api.received, seeded.digestChats, /^Daily DePIN digest/);
  const times = api.received.map((message) => message.at);
  const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
  const achieved = (api.received.length - 1) / seconds;
  console.log(
    `${scenario.name}: ${scenario.subscribers.toLocaleString('en-US')} subscribers, limit ${scenario.rate}/s, ` +
      `concurrency ${scenario.concurrency}, ${db.kind}` +
      (killedAt !== undefined ? `, SIGKILL after ${killedAt} messages` : ''),
  );
  console.log(
    `  ${api.received.length} messages in ${seconds.toFixed(1)} s → ${achieved.toFixed(1)}/s = ${(achieved / scenario.rate).toFixed(3)} of the limit; ` +
      `peak in any 1 s window ${api.peakPerSecond()}; losses ${result.missing.length}; duplicates ${result.duplicates}`,
  );
  const digests = api.received.filter((message) => /^Daily DePIN digest/.test(message.text));
  const digestSeconds = (digests.at(-1)!.at - digests[0]!.at) / 1000;
  console.log(
    `  digests ${((digests.length - 1) / digestSeconds).toFixed(1)}/s (${digests.length} digests, ${photos()} photos)`,
  );
  if (killedAt !== undefined) {
    const lastAfterRestart = (Math.max(...times) - restartedAt) / 1000;
    console.log(
      `  crash recovery: last send ${lastAfterRestart.toFixed(1)} s after the restart; ` +
        `the ${leftAtKill} left at the kill take ${(leftAtKill / scenario.rate).toFixed(1)} s at the rate alone`,
    );
  }
  await api.close();
  if (db.kind === 'postgres') await db.close();
  await cleanup();
}

const scenarios: Scenario[] = [
  { name: 'A', subscribers: Math.round(2_000 * scale), rate: 30, concurrency: 8 },
  { name: 'B', subscribers: Math.round(20_000 * scale), rate: 1_000, concurrency: 64 },
  {
    name: 'C',
    subscribers: Math.round(20_000 * scale),
    rate: 1_000,
    concurrency: 32,
    killAt: Math.round(10_000 * scale),
  },
  { name: 'D', subscribers: 200, rate: 25, concurrency: 8, killAt: 40, worker: { JOB_TIMING: 'product' } },
  {
    name: 'E',
    subscribers: Math.round(500 * scale),
    rate: 25,
    concurrency: 8,
    worker: { ADAPTER: 'telegram', CHARTS: '1' },
  },
];
const only = args.only;
for (const scenario of scenarios) {
  if (!only || only.includes(scenario.name)) await run(scenario);
}
