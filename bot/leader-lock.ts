import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
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
  /** How often a waiting process tries for the lock: the takeover delay after the leader dies. */
  retryMs?: number;
  /** How often the leader checks that its connection (and with it the lock) is still alive. */
  heartbeatMs?: number;
}

/**
 * A Postgres advisory lock held by an open transaction on one pooled connection: when the leader's
 * process dies its connection closes and the lock is released at once, so a waiter takes over within
 * retryMs. The transaction writes nothing and holds no snapshot between statements.
 */
export function createLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const { db, name, logger } = options;
  const retryMs = options.retryMs ?? 2_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const stopping = new AbortController();
  let leader = false;
  let loop: Promise<void> | undefined;

  async function holdWhileAlive(roles: LeaderRoles): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [name],
      );
      if (!row?.locked) return;
      leader = true;
      logger.info({ lock: name }, 'elected leader');
      try {
        await roles.onElected();
        while (!stopping.signal.aborted) {
          await sleep(heartbeatMs, undefined, { signal: stopping.signal }).catch(() => {});
          if (!stopping.signal.aborted) await tx.query('SELECT 1');
        }
      } finally {
        leader = false;
        logger.info({ lock: name }, 'leadership released');
        await roles.onDemoted();
      }
    });
  }

  return {
    start(roles) {
      loop ??= (async () => {
        while (!stopping.signal.aborted) {
          try {
            await holdWhileAlive(roles);
          } catch (error) {
            logger.warn({ err: error, lock: name }, 'leader lock lost or unavailable');
          }
          await sleep(retryMs, undefined, { signal: stopping.signal }).catch(() => {});
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
