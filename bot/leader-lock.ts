import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Transaction } from '../db/database.ts';
import type { Logger } from './logger.ts';

export interface LeaderRoles {
  onElected(): Promise<void>;
  onDemoted(): Promise<void>;
}

/** Exactly one process of many runs the leader's work (the Telegram poller); the others wait. */
export interface LeaderElection {
  start(roles: LeaderRoles): void;
  stop(): Promise<void>;
  isLeader(): boolean;
}

export interface LeaderElectionOptions {
  db: Database;
  /** Lock name; processes using the same name compete. */
  name: string;
  logger: Logger;
  /** How often a waiting process tries for the lock while another holds it. */
  retryMs?: number;
  /** Longest wait between tries while the database is unreachable (the wait doubles from retryMs). */
  maxBackoffMs?: number;
  /**
   * How often the leader checks that its connection (and with it the lock) is alive; a check that
   * takes longer than this also ends the term. A new leader waits twice this before it starts.
   */
  heartbeatMs?: number;
}

/**
 * A Postgres advisory lock held by an open transaction on one pooled connection: when the leader's
 * process dies its connection closes and the lock is released at once. The transaction writes
 * nothing and holds no snapshot between statements.
 *
 * Never two leaders at once, even across a Postgres restart: the leader stops the moment its
 * connection reports an error (or a heartbeat fails or hangs), and a process that wins the lock waits
 * out the longest time an old leader can take to notice (two heartbeats) before it starts.
 */
export function createLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const { db, name, logger } = options;
  const retryMs = options.retryMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const stopping = new AbortController();
  let leader = false;
  let loop: Promise<void> | undefined;

  /** True when the lock was won (and later lost or given up); false when another process holds it. */
  async function holdWhileAlive(roles: LeaderRoles): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [row] = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [name],
      );
      if (!row?.locked) return false;
      const term = tx.lost ? AbortSignal.any([stopping.signal, tx.lost]) : stopping.signal;
      await sleep(2 * heartbeatMs, undefined, { signal: term }).catch(() => {});
      if (!term.aborted) await heartbeat(tx);
      if (term.aborted) return endTerm(tx);
      leader = true;
      logger.info({ lock: name }, 'elected leader');
      try {
        await roles.onElected();
        while (!term.aborted) {
          await sleep(heartbeatMs, undefined, { signal: term }).catch(() => {});
          if (!term.aborted) await heartbeat(tx);
        }
      } finally {
        // First thing on any way out: the old leader must be stopped before a new one can start.
        leader = false;
        await roles.onDemoted();
        logger.info({ lock: name }, 'leadership released');
      }
      return endTerm(tx);
    });
  }

  /** A broken connection throws (the lock is gone); stop() returns normally. */
  function endTerm(tx: Transaction): true {
    if (tx.lost?.aborted) throw tx.lost.reason;
    return true;
  }

  async function heartbeat(tx: Transaction): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`lock heartbeat took over ${heartbeatMs} ms`)), heartbeatMs);
    });
    try {
      await Promise.race([tx.query('SELECT 1'), hung]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    start(roles) {
      loop ??= (async () => {
        let backoffMs = retryMs;
        while (!stopping.signal.aborted) {
          let waitMs = retryMs;
          try {
            await holdWhileAlive(roles);
            backoffMs = retryMs;
          } catch (error) {
            waitMs = backoffMs;
            backoffMs = Math.min(2 * backoffMs, maxBackoffMs);
            if (!stopping.signal.aborted) {
              logger.warn(
                { err: error, lock: name, retryInMs: waitMs },
                `leader lock lost or unavailable (${errorText(error)}); trying again in ${Math.round(waitMs / 1000)} s`,
              );
            }
          }
          await sleep(waitMs, undefined, { signal: stopping.signal }).catch(() => {});
        }
      })();
    },
    async stop() {
      stopping.abort();
      await loop;
    },
    isLeader: () => leader,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
