import { mkdirSync } from 'node:fs';

/** The one seam between our SQL and the driver: plain SQL with $n parameters. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Transaction extends Queryable {
  /** Runs a multi-statement script without parameters (migrations only). */
  exec(sql: string): Promise<void>;
  /**
   * Aborted (with the driver's error) the moment the connection under this transaction breaks, as
   * on a Postgres restart: a holder of a session lock learns it lost the lock without waiting for
   * its next statement. Postgres only; PGlite's connection cannot break.
   */
  readonly lost?: AbortSignal;
}

export interface Database extends Transaction {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string;
  /** PGlite data folder; 'memory://' keeps everything in memory (tests, eval). */
  dataDir: string;
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const { fromPg } = await import('./postgres.ts');
    return fromPg(options.url);
  }
  const { fromPglite } = await import('./pglite.ts');
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  return fromPglite(options.dataDir);
}
