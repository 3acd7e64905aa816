import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createDatabase, type Database } from '../../db/database.ts';
import { createSharedSendLimiter } from '../../bot/shared-send-limiter.ts';
import type { SendLimiterOptions } from '../../bot/send-limiter.ts';
import { telegramDegradedSendLimits } from '../../bot/adapters/telegram/telegram-send-limits.ts';
import { peakInWindow } from '../../tools/bench/send-rates.ts';
import { createRateLimiter } from '../../bot/rate-limit.ts';
import { createSharedLimits, type SharedLimits } from '../../bot/shared-limits.ts';
import { createQuestionLimiter } from '../../bot/shared-rate-limit.ts';
import { testEngines } from '../fakes/test-db.ts';

const logger = pino({ level: 'silent' });

/** Two clients of one database: two pools on Postgres; on PGlite (one connection) two limiters. */
async function openSecondClient(db: Database & { url?: string }): Promise<Database> {
  if (db.kind === 'pglite' || !db.url) return db;
  return createDatabase({ url: db.url, dataDir: 'memory://' });
}

for (const engine of testEngines()) {
  describe(`shared limits on ${engine.name}`, () => {
    let db: Database;
    let other: Database;
    let one: SharedLimits;
    let two: SharedLimits;

    beforeAll(async () => {
      db = await engine.open();
      other = await openSecondClient(db);
      one = createSharedLimits(db);
      two = createSharedLimits(other);
    });
    afterAll(async () => {
      if (other !== db) await other.close();
      await db.close();
    });

    it('lets two clients together take no more than one budget, even all at once', async () => {
      const rule = [{ key: 'test:budget', max: 30, windowMs: 60_000 }];
      const takes = await Promise.all(
        Array.from({ length: 80 }, (_, index) => (index % 2 === 0 ? one : two).take(rule)),
      );
      const granted = takes.filter((take) => take.granted);
      expect(granted).toHaveLength(30);
      const refused = takes.find((take) => !take.granted);
      expect(refused && !refused.granted && refused.waitMs).toBeGreaterThan(55_000);
    });

    it('grants a request only when every rule has room, and takes nothing of a refused one', async () => {
      await one.take([{ key: 'test:chat-a', max: 1, windowMs: 60_000 }]);
      const both = [
        { key: 'test:overall', max: 5, windowMs: 60_000 },
        { key: 'test:chat-a', max: 1, windowMs: 60_000 },
      ];
      expect((await two.take(both)).granted).toBe(false);
      for (let index = 0; index < 5; index += 1) {
        expect((await two.take([{ key: 'test:overall', max: 5, windowMs: 60_000 }])).granted).toBe(true);
      }
    });

    it('counts an unsettled send as in flight, and from its settle time once settled', async () => {
      const rule = [{ key: 'test:in-flight', max: 1, windowMs: 300 }];
      const held = await one.take(rule, 10_000);
      if (!held.granted) throw new Error('first take refused');
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Its window would have passed had it been counted from the take.
      expect((await two.take(rule)).granted).toBe(false);
      await one.settle(held.slotIds);
      expect((await two.take(rule)).granted).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await two.take(rule)).granted).toBe(true);
    });

    it("holds each user's question limit across two processes and tells the user once", async () => {
      const limiters = [one, two].map((shared) =>
        createQuestionLimiter({
          local: createRateLimiter({ perMinute: 3, perDay: 100 }),
          shared,
          perMinute: 3,
          perDay: 100,
        }),
      );
      const decisions = [];
      for (let index = 0; index < 12; index += 1) decisions.push(await limiters[index % 2]!.take('user-1'));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
      expect(decisions.filter((decision) => !decision.allowed && decision.notify)).toHaveLength(1);
      // Another user has a budget of their own.
      expect((await limiters[1]!.take('user-2')).allowed).toBe(true);
    });

    it('keeps sends from two processes to 5 per second overall and 1 per second per chat', async () => {
      const rules: SendLimiterOptions = {
        overall: { max: 5, windowMs: 1_000 },
        perChat: () => [{ max: 1, windowMs: 1_000 }],
      };
      const arrivals: { chatId: string; at: number }[] = [];
      const senders = [one, two].map((limits) =>
        createSharedSendLimiter({
          limits,
          scope: 'test-send',
          rules,
          degraded: telegramDegradedSendLimits,
          logger,
        }),
      );
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          senders[index % 2]!.run(String(index % 8), async () => {
            arrivals.push({ chatId: String(index % 8), at: Date.now() });
          }),
        ),
      );
      expect(arrivals).toHaveLength(24);
      expect(
        peakInWindow(
          arrivals.map((arrival) => arrival.at),
          1_000,
        ),
      ).toBeLessThanOrEqual(5);
      for (const chat of new Set(arrivals.map((arrival) => arrival.chatId))) {
        const times = arrivals.filter((arrival) => arrival.chatId === chat).map((arrival) => arrival.at);
        expect(peakInWindow(times, 1_000)).toBe(1);
      }
      // Each process alone would have let 5/s through: together they took about 24 / 5 seconds.
      expect(Date.now() - started).toBeGreaterThan(3_500);
    });

    it('fails closed when the database is gone: questions are refused as busy, sends trickle', async () => {
      const broken: SharedLimits = {
        take: () => Promise.reject(new Error('connection refused')),
        settle: () => Promise.reject(new Error('connection refused')),
        purge: async () => {},
      };
      const questions = createQuestionLimiter({
        local: createRateLimiter({ perMinute: 3, perDay: 100 }),
        shared: broken,
        perMinute: 3,
        perDay: 100,
      });
      await expect(questions.take('user-3')).rejects.toMatchObject({ code: 'limits.unavailable' });
      const sender = createSharedSendLimiter({
        limits: broken,
        scope: 'test-broken',
        rules: { overall: { max: 30, windowMs: 1_000 }, perChat: () => [{ max: 1, windowMs: 1_000 }] },
        degraded: { overall: { max: 2, windowMs: 1_000 }, perChat: () => [] },
        logger,
      });
      const times: number[] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          sender.run(String(index), async () => void times.push(Date.now())),
        ),
      );
      expect(peakInWindow(times, 1_000)).toBe(2);
    });

    it('purges slots past every window and idle keys, and takes work after a purge', async () => {
      await db.query(
        `INSERT INTO limit_slots (key, end_ms)
         VALUES ('test:old', (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 90000000)`,
      );
      await db.query(`INSERT INTO limit_keys (key) VALUES ('test:old') ON CONFLICT DO NOTHING`);
      await one.purge();
      expect(await db.query(`SELECT 1 FROM limit_slots WHERE key = 'test:old'`)).toHaveLength(0);
      expect(await db.query(`SELECT 1 FROM limit_keys WHERE key = 'test:old'`)).toHaveLength(0);
      expect((await two.take([{ key: 'test:old', max: 1, windowMs: 1_000 }])).granted).toBe(true);
    });
  });
}

export {};
