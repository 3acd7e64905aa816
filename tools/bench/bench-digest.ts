/**
 * npm run bench:digest — digest fan-out from a worker process to a loopback Bot API server.
 *   A. 2,000 subscribers with the sender throttled at Telegram's 30 messages/s
 *   B. 20,000 subscribers with the throttle raised to 1,000 messages/s
 *   C. B's set-up, SIGKILL of the worker in the middle, restart
 * Prints the achieved rate as a fraction of the limit, duplicates and losses. Runs on a scratch
 * Postgres database when DATABASE_URL is set, on embedded PGlite in a temporary folder otherwise.
 * BENCH_SCALE=0.1 runs every scenario at a tenth of the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

const scale = Number(process.env.BENCH_SCALE ?? 1);
const url = process.env.DATABASE_URL;

interface Scenario {
  name: string;
  subscribers: number;
  rate: number;
  concurrency: number;
  killAt?: number;
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
  };
  let worker = startWorker(workerEnv);
  const everyone = () => new Set(api.received.map((message) => message.chatId)).size >= scenario.subscribers;
  const budgetMs = (scenario.subscribers / scenario.rate) * 3_000 + 120_000;
  let killedAt: number | undefined;
  if (scenario.killAt) {
    await waitFor(() => api.received.length >= scenario.killAt!, budgetMs);
    await killWorker(worker);
    killedAt = api.received.length;
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
];
const only = process.env.BENCH_ONLY;
for (const scenario of scenarios) {
  if (!only || only.includes(scenario.name)) await run(scenario);
}
