import { createHmac } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Platform } from '../chat/chat-adapter.ts';

/** Stable pseudonym of a platform user; what the bot stores instead of the user id. */
export type UserHasher = (platform: Platform, userId: string) => string;

export function createUserHasher(salt: string): UserHasher {
  return (platform, userId) =>
    createHmac('sha256', salt).update(`${platform}:${userId}`).digest('hex').slice(0, 32);
}

/** The salt is generated per installation by migration 0002. */
export async function loadUserHasher(db: Queryable): Promise<UserHasher> {
  const rows = await db.query<{ value: string }>(
    "SELECT value FROM bot_settings WHERE name = 'user_hash_salt'",
  );
  const salt = rows[0]?.value;
  if (!salt) throw new Error('bot_settings.user_hash_salt is missing: run the migrations');
  return createUserHasher(salt);
}
