/**
 * `npm run bench:limits`: what one take of the shared limits costs. Sequential takes (one round
 * trip each: a question, or a send of an idle process) and concurrent ones (batched into one
 * statement per round trip), on PGlite and, with DATABASE_URL, on a scratch Postgres database.
 * Flags: --takes 2000 --concurrency 32
 */
import { parseArgs } from 'node:util';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { createSharedLimits } from '../../bot/shared-limits.ts';
import { openScratchPostgres } from '../../test/fakes/test-db.ts';
import { percentile } from './send-rates.ts';

async function measure(db: Database, takes: number, concurrency: number) {
  const limits = createSharedLimits(db);
  // As a send to a private chat takes them: the bot's overall budget and the chat's window.
  const rules = (index: number) => [
    { key: 'bench:all', max: 1_000_000, windowMs: 1_050 },
    { key: `bench:chat:${index}`, max: 1, windowMs: 1_050 },
  ];
  const sequential: number[] = [];
  for (let index = 0; index < takes; index += 1) {
    const started = performance.now();
    const taken = await limits.take(rules(index), 15_000);
    sequential.push(performance.now() - started);
    if (taken.granted) await limits.settle(taken.slotIds);
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < takes) {
        const index = takes + next++;
        const taken = await limits.take(rules(index), 15_000);
        if (taken.granted) await limits.settle(taken.slotIds);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: percentile(sequential, 0.5) ?? 0,
    p95: percentile(sequential, 0.95) ?? 0,
    concurrentPerSecond: takes / seconds,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { takes: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '32' } },
  });
  const takes = Number(values.takes);
  const concurrency = Number(values.concurrency);
  const engines: Array<[string, () => Promise<Database>]> = [
    [
      'pglite',
      async () => {
        const db = await createDatabase({ dataDir: 'memory://' });
        await migrate(db);
        return db;
      },
    ],
  ];
  const url = process.env.DATABASE_URL;
  if (url) engines.push(['postgres', () => openScratchPostgres(url)]);
  console.log(`bench:limits  ${takes} takes (overall + chat rule, then settle), concurrency ${concurrency}`);
  for (const [name, open] of engines) {
    const db = await open();
    try {
      const result = await measure(db, takes, concurrency);
      console.log(
        `  ${name.padEnd(9)} take alone: 1 round trip, p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms;` +
          `  ${concurrency} at once (batched): ${Math.round(result.concurrentPerSecond)} take+settle/s`,
      );
    } finally {
      await db.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
