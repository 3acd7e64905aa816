import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const OWNER = 'postgres';

export interface ThrowawayCluster {
  /** postgres://… of the database `name` on this cluster. */
  url(database?: string): string;
  /** pg_terminate_backend on every other connection to `database`; returns how many. */
  terminateBackends(database: string): Promise<number>;
  /** `pg_ctl restart -m fast`: every connection drops, the server is back when this resolves. */
  restart(): void;
  stop(): void;
}

/** Whether this machine can run a cluster of its own (the Postgres server binaries are installed). */
export function canRunCluster(): boolean {
  return existsSync(path.join(PG_BIN, 'pg_ctl')) && existsSync(path.join(PG_BIN, 'initdb'));
}

/**
 * A Postgres 15 cluster of the test's own on 127.0.0.1 and a free port, as .ci/start-postgres.sh
 * makes one: trust auth, fsync off. Postgres refuses to run as root, so as root the server runs as
 * the `postgres` user (runuser), like that script's pg_as_owner. Stopped and deleted by stop().
 */
export async function startThrowawayCluster(database = 'depin_fault'): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'depin-fault-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', OWNER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', OWNER], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const asOwner = (binary: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', OWNER, '--', path.join(PG_BIN, binary), ...args], {
          cwd: '/',
          stdio: 'pipe',
        })
      : execFileSync(path.join(PG_BIN, binary), args, { stdio: 'pipe' });
  const port = await freePort();
  asOwner('initdb', ['-D', data, '-U', OWNER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const serverOptions =
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} ` +
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const pgCtl = (...args: string[]) =>
    asOwner('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', ...args]);
  pgCtl('start', '-o', serverOptions);
  let stopped = false;
  const url = (name = database) => `postgres://${OWNER}@127.0.0.1:${port}/${name}`;
  await withClient(url('postgres'), (client) => client.query(`CREATE DATABASE ${database}`));
  await withClient(url(), (client) => client.query('CREATE EXTENSION IF NOT EXISTS vector'));
  return {
    url,
    terminateBackends: (name) =>
      withClient(url('postgres'), async (client) => {
        const result = await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        return result.rowCount ?? 0;
      }),
    restart: () => void pgCtl('restart', '-m', 'fast', '-o', serverOptions),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgCtl('stop', '-m', 'immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
