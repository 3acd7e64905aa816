import pg from 'pg';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A migrated, empty database of its own; close() also drops it on Postgres. */
  open(): Promise<Database>;
}

/** PGlite always; real Postgres too when DATABASE_URL is set. */
export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: 'pglite', open: openPglite }];
  const url = process.env.DATABASE_URL;
  if (url) engines.push({ name: 'postgres', open: () => openScratchPostgres(url) });
  return engines;
}

async function openPglite(): Promise<Database> {
  const db = await createDatabase({ dataDir: 'memory://' });
  await migrate(db);
  return db;
}

/**
 * A scratch database per test file on the shared server: parallel files (ours and other areas')
 * never see each other's rows, and catalogue metric ids can be used as they are.
 */
export async function openScratchPostgres(url: string): Promise<Database & { url: string }> {
  const name = `metrics_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const db = await createDatabase({ url: scratchUrl.toString(), dataDir: 'memory://' });
  await migrate(db);
  return {
    ...db,
    url: scratchUrl.toString(),
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
