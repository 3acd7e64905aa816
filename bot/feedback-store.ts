import type { Queryable } from '../db/database.ts';

export type Vote = 1 | -1;
export type VoteResult = 'recorded' | 'changed' | 'unchanged' | 'missing';

export interface FeedbackStore {
  /** One vote per user and answer: a second press changes the vote instead of adding one. */
  vote(answerId: number, userHash: string, vote: Vote): Promise<VoteResult>;
  forgetUser(userHash: string): Promise<number>;
}

export function createFeedbackStore(db: Queryable): FeedbackStore {
  return {
    async vote(answerId, userHash, vote) {
      const [state] = await db.query<{ answer_exists: boolean; previous: number | null }>(
        `SELECT EXISTS (SELECT 1 FROM bot_answers WHERE id = $1) AS answer_exists,
                (SELECT vote FROM bot_feedback WHERE answer_id = $1 AND user_hash = $2) AS previous`,
        [answerId, userHash],
      );
      if (!state?.answer_exists) return 'missing';
      if (state.previous === vote) return 'unchanged';
      await db.query(
        `INSERT INTO bot_feedback (answer_id, user_hash, vote) VALUES ($1, $2, $3)
         ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = EXCLUDED.vote, updated_at = now()`,
        [answerId, userHash, vote],
      );
      return state.previous === null ? 'recorded' : 'changed';
    },

    async forgetUser(userHash) {
      const rows = await db.query('DELETE FROM bot_feedback WHERE user_hash = $1 RETURNING answer_id', [
        userHash,
      ]);
      return rows.length;
    },
  };
}
