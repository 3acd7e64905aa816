import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/database.ts';
import { withIngestLock } from '../../knowledge/ingest-lock.ts';
import { openScratchPostgres } from '../fakes/test-db.ts';

const url = process.env.DATABASE_URL;

/**
 * Client backends of this database that hold back VACUUM's horizon while they wait or sit idle:
 * an idle transaction with a snapshot, or a statement blocked on an advisory lock.
 */
async function snapshotHolders(db: Database) {
  return db.query<{ pid: number; state: string }>(
    `SELECT pid, state FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND backend_xmin IS NOT NULL AND (state <> 'active' OR wait_event = 'advisory')`,
  );
}

describe.skipIf(!url)('the ingestion lock on Postgres', () => {
  let first: Database & { url: string };
  let second: Database;

  beforeAll(async () => {
    first = await openScratchPostgres(url!);
    second = await createDatabase({ url: first.url, dataDir: 'memory://' });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('runs one ingestion at a time, and neither the holder nor the waiter keeps a snapshot open', async () => {
    const order: string[] = [];
    let waiting: Promise<void> | undefined;
    const holders = await withIngestLock(first, async () => {
      order.push('first starts');
      waiting = withIngestLock(second, async () => void order.push('second runs'));
      // Long enough for the second run to ask several times.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const found = await snapshotHolders(first);
      order.push('first ends');
      return found;
    });
    await waiting;
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
    expect(holders).toEqual([]);
  });
});
