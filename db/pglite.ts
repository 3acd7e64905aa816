import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable } from './database.ts';

/**
 * The Postgres major version PGlite 0.5 embeds. A data folder records the major that wrote it in
 * PG_VERSION, and Postgres opens no other: PGlite 0.3, which this bot used before, wrote 17.
 */
export const PGLITE_POSTGRES_MAJOR = '18';

/** Embedded Postgres (WASM). One connection, so transactions are serialised by a queue. */
export async function fromPglite(dataDir: string): Promise<Database> {
  assertOpenable(dataDir);
  const pg = await PGlite.create(dataDir, { extensions: { vector } });
  // PGlite starts with sequential scans disabled, which pushes the planner into poor plans for
  // small tables; real Postgres has them on, and both should plan alike.
  await pg.exec('SET enable_seqscan = on');
  const query: Queryable['query'] = async <T>(sql: string, params?: readonly unknown[]) => {
    const result = await pg.query<T>(sql, params as unknown[] | undefined);
    return result.rows;
  };
  return {
    kind: 'pglite',
    query,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction(work) {
      return pg.transaction((tx) =>
        work({
          query: async <T>(sql: string, params?: readonly unknown[]) =>
            (await tx.query<T>(sql, params as unknown[] | undefined)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

/**
 * Refuses, before PGlite touches it, a folder written by another Postgres major: PGlite itself only
 * says "PGlite failed to initialize properly". The folder is left as it is.
 */
function assertOpenable(dataDir: string): void {
  if (dataDir.startsWith('memory://')) return;
  const found = readPgVersion(dataDir);
  if (found === undefined || found === PGLITE_POSTGRES_MAJOR) return;
  throw new Error(
    `DATA_DIR ${dataDir} holds a Postgres ${found} database, written by an older version of this bot; ` +
      `this version embeds Postgres ${PGLITE_POSTGRES_MAJOR}, which cannot open it. ` +
      `Move the folder aside (mv ${dataDir} ${dataDir}-pg${found}) or point DATA_DIR at a new folder, ` +
      `then start again: the bundled knowledge is ingested afresh, but the old folder's conversations, ` +
      `feedback, alert rules, subscriptions and recorded metrics are not carried over. ` +
      `To keep them, run the previous release of the bot on that folder.`,
  );
}

function readPgVersion(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
