import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database, type Transaction } from '../../db/database.ts';
import { listMigrations, migrate } from '../../db/migrate.ts';
import { openScratchPostgres, testEngines, type TestEngine } from '../fakes/test-db.ts';

/** Two handles on one database that has never been migrated (two processes starting at once). */
async function openUnmigrated(
  engine: TestEngine,
): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  if (engine.name === 'pglite') {
    // PGlite is one in-process connection: both "processes" share it and queue on it.
    const db = await createDatabase({ dataDir: 'memory://' });
    return { first: db, second: db, close: () => db.close() };
  }
  const scratch = await openScratchPostgres(process.env.DATABASE_URL!);
  await scratch.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  const first = await createDatabase({ url: scratch.url, dataDir: 'memory://' });
  const second = await createDatabase({ url: scratch.url, dataDir: 'memory://' });
  return {
    first,
    second,
    async close() {
      await first.close();
      await second.close();
      await scratch.close();
    },
  };
}

describe.each(testEngines())('migrations on $name', (engine) => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  it('applies nothing the second time', async () => {
    const db = await engine.open();
    opened.push(db);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => Number(row.version))).toEqual(
      listMigrations().map((migration) => migration.version),
    );
  });

  it('lets two migrate() calls on a fresh database both succeed, applying each migration once', async () => {
    const pair = await openUnmigrated(engine);
    opened.push(pair);
    const all = listMigrations().map((migration) => migration.version);
    const results = await Promise.all([migrate(pair.first), migrate(pair.second)]);
    expect(results.map((done) => done.length).sort()).toEqual([0, all.length]);
    expect(results.flat().sort((a, b) => a - b)).toEqual(all);
    const [{ count } = { count: 0 }] = await pair.second.query<{ count: string | number }>(
      'SELECT count(*) AS count FROM schema_migrations',
    );
    expect(Number(count)).toBe(all.length);
    const tables = await pair.first.query<{ name: string }>(
      `SELECT to_regclass('chunks')::text AS name UNION ALL SELECT to_regclass('documents')::text`,
    );
    expect(tables.map((row) => row.name)).toEqual(['chunks', 'documents']);
  });

  it('applies a lower-numbered migration that a store migrated by a later release lacks', async () => {
    // A store that ran main's 0008 before branch 0007 was merged: 0007 still goes in, after 0008.
    const pair = await openUnmigrated(engine);
    opened.push(pair);
    const all = listMigrations();
    const missing = all.find((migration) => migration.name === 'bulk_ingest')!;
    expect(missing.version).toBeLessThan(Math.max(...all.map((migration) => migration.version)));
    await migrate(
      pair.first,
      all.filter((migration) => migration !== missing),
    );
    await pair.first.query(
      `INSERT INTO documents (root, path, title, content_hash, bytes, url) VALUES ('/r', 'a.md', 'A', 'h', 1, 'https://a.example')`,
    );
    expect(await migrate(pair.first)).toEqual([missing.version]);
    const [stats] = await pair.first.query<{ token_total: string | number }>(
      'SELECT token_total FROM corpus_stats',
    );
    expect(Number(stats?.token_total)).toBe(0);
    expect(await migrate(pair.second)).toEqual([]);
  });
});

describe('migrate without pgvector', () => {
  it('says how to install the extension or fall back to the embedded database', async () => {
    const statements: string[] = [];
    const query = async <T>(sql: string): Promise<T[]> => {
      statements.push(sql);
      return [];
    };
    const noVector: Database = {
      kind: 'postgres',
      query,
      exec: async () => {},
      transaction: <T>(work: (tx: Transaction) => Promise<T>) => work({ query, exec: async () => {} }),
      close: async () => {},
    };
    const failure = migrate(noVector);
    await expect(failure).rejects.toThrow(/has no pgvector extension/);
    await expect(failure).rejects.toThrow(/apt-get install postgresql-<major>-pgvector/);
    await expect(failure).rejects.toThrow(/unset DATABASE_URL/);
    expect(statements).toEqual(["SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"]);
  });
});
