import type { Queryable } from '../db/database.ts';
import { createBatcher } from '../delivery/batcher.ts';

/** At most `max` takes of `key` in any sliding window of `windowMs`. */
export interface LimitRule {
  key: string;
  max: number;
  windowMs: number;
}

export type SharedTake =
  | { granted: true; slotIds: string[] }
  /** waitMs: until the fullest rule frees a slot (a send in flight elsewhere may free it sooner). */
  | { granted: false; waitMs: number; notify: boolean };

export interface SharedLimits {
  /**
   * Takes one slot of every rule's key if all have room (one statement, see 0006_shared_limits.sql).
   * holdMs > 0 keeps the slots counting as in flight until settle() stamps them.
   */
  take(rules: readonly LimitRule[], holdMs?: number): Promise<SharedTake>;
  /** Stamps in-flight slots with now: they count for their window from here. */
  settle(slotIds: readonly string[]): Promise<void>;
  /** Deletes slots past every window and idle keys. */
  purge(): Promise<void>;
}

interface TakeRow {
  request_index: number;
  slot_ids: string[] | null;
  wait_ms: string;
  notify: boolean;
}

/** The longest window any caller uses (a day of questions) plus margin; older slots count for nothing. */
const PURGE_AFTER_MS = 86_400_000 + 120_000;

/**
 * Limits kept in Postgres and shared by every process on the database. Takes asked for while one is
 * on its way go together in the next statement (group commit), so a busy process pays one round trip
 * per batch, not per send; settles are batched the same way.
 */
export function createSharedLimits(db: Queryable): SharedLimits {
  const takeMany = createBatcher(async (requests: { rules: readonly LimitRule[]; hold: number }[]) => {
    const payload = requests.map((request) => ({
      hold: request.hold,
      rules: request.rules.map((rule) => ({ key: rule.key, max: rule.max, window: rule.windowMs })),
    }));
    const rows = await db.query<TakeRow>('SELECT * FROM limit_take($1::jsonb)', [JSON.stringify(payload)]);
    const byIndex = new Map(rows.map((row) => [Number(row.request_index), row]));
    return requests.map((_, index): SharedTake => {
      const row = byIndex.get(index);
      if (!row) throw new Error(`limit_take returned no row for request ${index}`);
      return row.slot_ids
        ? { granted: true, slotIds: row.slot_ids.map(String) }
        : { granted: false, waitMs: Number(row.wait_ms), notify: row.notify };
    });
  });
  const settleMany = createBatcher(async (batches: (readonly string[])[]) => {
    await db.query(
      `UPDATE limit_slots SET end_ms = least(end_ms, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
        WHERE id = ANY ($1::bigint[])`,
      [batches.flat()],
    );
    return batches.map(() => undefined);
  });
  return {
    take: (rules, holdMs = 0) => takeMany({ rules, hold: Math.max(0, Math.round(holdMs)) }),
    settle: (slotIds) => (slotIds.length === 0 ? Promise.resolve() : settleMany(slotIds)),
    async purge() {
      await db.query(
        `DELETE FROM limit_slots WHERE end_ms < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1`,
        [PURGE_AFTER_MS],
      );
      await db.query(
        `DELETE FROM limit_keys k
          WHERE k.silent_until_ms < (extract(epoch FROM clock_timestamp()) * 1000)::bigint
            AND NOT EXISTS (SELECT 1 FROM limit_slots s WHERE s.key = k.key)`,
      );
    },
  };
}
