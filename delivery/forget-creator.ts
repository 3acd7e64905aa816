import type { Queryable } from '../db/database.ts';

/**
 * `/forget` for what a user created: personal rows go, shared rows (a channel's alert or digest a
 * moderator set up) stay but no longer name the user. The table is a closed set, never user input.
 */
export async function forgetCreator(
  db: Queryable,
  table: 'subscriptions' | 'alert_rules',
  createdBy: string,
): Promise<number> {
  const deleted = await db.query(
    `DELETE FROM ${table} WHERE created_by = $1 AND scope = 'personal' RETURNING 1`,
    [createdBy],
  );
  const anonymised = await db.query(
    `UPDATE ${table} SET created_by = 'forgotten' WHERE created_by = $1 RETURNING 1`,
    [createdBy],
  );
  return deleted.length + anonymised.length;
}
