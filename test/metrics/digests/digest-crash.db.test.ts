import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../../db/database.ts';
import { migrate } from '../../../db/migrate.ts';
import { startFakeBotApi, type FakeBotApi } from '../../fakes/bot-api-server.ts';
import { waitFor } from '../../fakes/recording-adapter.ts';
import { openScratchPostgres } from '../../fakes/test-db.ts';
import {
  killAllWorkers,
  killWorker,
  seedFanOut,
  startWorker,
  stopWorker,
  tally,
  type Seeded,
} from './crash/harness.ts';

const SUBSCRIBERS = 150;
const ALERT_RULES = 30;
const BLOCKED = 4;
const CONCURRENCY = 8;
const DIGEST = /^Daily DePIN digest/;
const ALERT = /^🔔 Alert/;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await killAllWorkers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function fakeApi(seeded: Seeded): Promise<FakeBotApi> {
  const api = await startFakeBotApi(15);
  for (const chat of seeded.blockedChats) api.blocked.add(chat);
  cleanups.push(() => api.close());
  return api;
}

function assertDelivered(api: FakeBotApi, seeded: Seeded, kills: number) {
  const reachable = seeded.digestChats.filter((chat) => !seeded.blockedChats.includes(chat));
  const digests = tally(api.received, reachable, DIGEST);
  const alerts = tally(api.received, seeded.alertChats, ALERT);
  expect(digests.missing).toEqual([]);
  expect(alerts.missing).toEqual([]);
  // A duplicate is possible only for a send in flight at a kill: per queue (alerts, digests), at most
  // its send concurrency per kill.
  expect(digests.duplicates).toBeLessThanOrEqual(CONCURRENCY * kills);
  expect(alerts.duplicates).toBeLessThanOrEqual(CONCURRENCY * kills);
  expect(api.received.filter((message) => seeded.blockedChats.includes(message.chatId))).toEqual([]);
  return { digestDuplicates: digests.duplicates, alertDuplicates: alerts.duplicates };
}

async function assertBlockedUnsubscribed(db: Database, seeded: Seeded) {
  const rows = await db.query<{ chat_id: string; active: boolean; unsubscribed_reason: string | null }>(
    'SELECT chat_id, active, unsubscribed_reason FROM subscriptions WHERE chat_id = ANY($1::text[]) ORDER BY chat_id',
    [seeded.blockedChats],
  );
  expect(rows.map((row) => [row.chat_id, row.active])).toEqual(
    seeded.blockedChats.map((chat) => [chat, false]),
  );
  expect(rows[0]?.unsubscribed_reason).toMatch(/^unreachable: Forbidden: bot was blocked/);
  const runs = await db.query<{ recipients: number }>('SELECT recipients FROM digest_runs');
  expect(runs.map((run) => Number(run.recipients))).toEqual([SUBSCRIBERS]);
}

describe('digest and alert delivery survive a SIGKILL mid-fan-out', () => {
  it(
    'on PGlite (one worker process, killed and restarted on the same data folder)',
    { timeout: 240_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'metrics-crash-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const seedDb = await createDatabase({ dataDir: dir });
      await migrate(seedDb);
      const seeded = await seedFanOut(seedDb, SUBSCRIBERS, ALERT_RULES, BLOCKED);
      await seedDb.close();
      const api = await fakeApi(seeded);
      const env = {
        DATABASE_URL: '',
        PGLITE_DIR: dir,
        BOT_API_URL: api.url,
        SEND_RATE: '60',
        SEND_CONCURRENCY: String(CONCURRENCY),
      };

      const first = startWorker(env);
      await waitFor(() => api.received.length >= 40, 60_000);
      await killWorker(first);
      const atKill = api.received.length;
      const second = startWorker(env);
      const expected = SUBSCRIBERS - BLOCKED + ALERT_RULES;
      // Done once every reachable chat has its message and every blocked chat was tried (its 403 is
      // what unsubscribes it); stopping earlier leaves that send queued, not lost.
      await waitFor(
        () =>
          new Set(api.received.map((message) => message.chatId)).size >= expected &&
          seeded.blockedChats.every((chat) => api.refused.includes(chat)),
        90_000,
      );
      await stopWorker(second);

      expect(atKill).toBeLessThan(expected);
      const figures = assertDelivered(api, seeded, 1);
      console.log(`[crash pglite] killed after ${atKill} messages; duplicates ${JSON.stringify(figures)}`);
      const db = await createDatabase({ dataDir: dir });
      await assertBlockedUnsubscribed(db, seeded);
      await db.close();
    },
  );

  const url = process.env.DATABASE_URL;
  if (url)
    it('on Postgres with two worker processes, one killed midway', { timeout: 240_000 }, async () => {
      const db = await openScratchPostgres(url);
      cleanups.push(() => db.close());
      const seeded = await seedFanOut(db, SUBSCRIBERS, ALERT_RULES, BLOCKED);
      const api = await fakeApi(seeded);
      const env = {
        DATABASE_URL: db.url,
        BOT_API_URL: api.url,
        SEND_RATE: '40',
        SEND_CONCURRENCY: String(CONCURRENCY),
      };

      const a = startWorker(env);
      const b = startWorker(env);
      await waitFor(() => api.received.length >= 40, 60_000);
      await killWorker(a);
      const atKill = api.received.length;
      const c = startWorker(env);
      const expected = SUBSCRIBERS - BLOCKED + ALERT_RULES;
      await waitFor(
        () =>
          new Set(api.received.map((message) => message.chatId)).size >= expected &&
          seeded.blockedChats.every((chat) => api.refused.includes(chat)),
        90_000,
      );
      await Promise.all([stopWorker(b), stopWorker(c)]);

      expect(atKill).toBeLessThan(expected);
      const figures = assertDelivered(api, seeded, 1);
      console.log(
        `[crash postgres, 2 workers] killed one after ${atKill} messages; duplicates ${JSON.stringify(figures)}`,
      );
      await assertBlockedUnsubscribed(db, seeded);
    });
});
