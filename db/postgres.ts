import pg from 'pg';
import type { Database, Queryable } from './database.ts';

export async function fromPg(url: string): Promise<Database> {
  // JIT compiles our short search queries for longer than they run (1.6 s of 1.7 s measured).
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    // A server that vanished without closing the socket (host down, network cut) is noticed too.
    keepAlive: true,
    options: '-c jit=off',
  });
  // An idle client that loses its server (Postgres restart) emits here; without a listener Node exits.
  pool.on('error', () => {});
  const query: Queryable['query'] = async <T>(sql: string, params?: readonly unknown[]) => {
    const result = await pool.query(sql, params as unknown[] | undefined);
    return result.rows as T[];
  };
  return {
    kind: 'postgres',
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      // pg-pool removes its own error listener while a client is checked out: a server restart
      // during a transaction then emitted 'error' with no listener and ended the process (issue 11).
      const lost = new AbortController();
      const onError = (error: Error) => lost.abort(error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work({
          lost: lost.signal,
          query: async <T>(sql: string, params?: readonly unknown[]) =>
            (await client.query(sql, params as unknown[] | undefined)).rows as T[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        // A broken client is destroyed, not handed to the next caller.
        client.release(lost.signal.aborted ? (lost.signal.reason as Error) : undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
