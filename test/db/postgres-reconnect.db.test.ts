import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openScratchPostgres } from '../fakes/test-db.ts';

const url = process.env.DATABASE_URL;

/** What a Postgres restart does to a running bot: every connection of its pool is cut at once. */
async function cutAllConnections(scratchUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const database = new URL(scratchUrl).pathname.slice(1);
    const rows = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!url)('the Postgres pool after the server drops its connections', () => {
  let db: Database & { url: string };

  beforeAll(async () => {
    db = await openScratchPostgres(url!);
  });
  afterAll(() => db.close());

  it('keeps the process up and serves the next queries and transactions on new connections', async () => {
    // Several connections open and idle in the pool, as after a burst of questions.
    await Promise.all([1, 2, 3].map((n) => db.query('SELECT pg_sleep(0.05), $1::int AS n', [n])));
    expect(await cutAllConnections(db.url)).toBeGreaterThanOrEqual(1);
    // Give the idle clients time to notice (their error must not end the process).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await db.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
    const inTransaction = await db.transaction((tx) => tx.query<{ n: number }>('SELECT 2 AS n'));
    expect(inTransaction).toEqual([{ n: 2 }]);
  });
});
