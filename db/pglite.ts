import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import type { Database, Queryable } from './database.ts';

/** Embedded Postgres (WASM). One connection, so transactions are serialised by a queue. */
export async function fromPglite(dataDir: string): Promise<Database> {
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
