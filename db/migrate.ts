import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Arbitrary constant: every process serialises migrations on this advisory lock. */
const MIGRATION_LOCK = 7_320_401;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(`${dir}${file}`, 'utf8'),
    }));
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two processes starting at
 * once never race: the second waits, then finds nothing left to do.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<number[]> {
  await ensureVectorExtension(db);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    );
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

async function ensureVectorExtension(db: Database): Promise<void> {
  const available = await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  if (available.length === 0) {
    throw new Error(
      'The Postgres server behind DATABASE_URL has no pgvector extension. Install it on the server ' +
        '(Debian/Ubuntu: apt-get install postgresql-<major>-pgvector, or build it from ' +
        'https://github.com/pgvector/pgvector), then restart the bot. Or unset DATABASE_URL to use the embedded database.',
    );
  }
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    // Two processes creating the extension at once: the loser sees a unique violation; the extension exists.
    const exists = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
    if (exists.length === 0) {
      throw new Error(
        'Could not create the pgvector extension: connect as a user allowed to CREATE EXTENSION.',
        {
          cause: error,
        },
      );
    }
  }
}
