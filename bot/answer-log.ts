import type { Queryable } from '../db/database.ts';
import type { Platform } from '../chat/chat-adapter.ts';
import type { Source } from '../chat/reply.ts';

export type AnswerOutcome = 'answered' | 'abstained' | 'redirected' | 'failed';

export interface AnswerEntry {
  platform: Platform;
  communityId: string;
  chatId: string;
  threadId?: string;
  userHash: string;
  /** The answer this question follows up, when it is a follow-up. */
  parentId?: number;
  question: string;
  answer: string;
  sources: Source[];
  outcome: AnswerOutcome;
}

/** One line of /report: a question (normalised) that went unanswered or was voted down. */
export interface Gap {
  question: string;
  /** Times it was asked and not answered (abstained or failed). */
  unanswered: number;
  /** Times an answer to it got a thumbs-down. */
  downvoted: number;
  total: number;
  lastAskedAt: string;
}

export interface GapQuery {
  /** Undefined: every platform and community (the operator's terminal). */
  scope?: { platform: Platform; communityId: string };
  days: number;
  limit: number;
}

/** The asked-questions log: every answer the bot gave, what /report reads and feedback points at. */
export interface AnswerLog {
  record(entry: AnswerEntry): Promise<number>;
  listGaps(query: GapQuery): Promise<Gap[]>;
  /** Deletes the user's questions (and with them votes and conversation context on them). */
  forgetUser(userHash: string): Promise<number>;
  purgeOlderThan(days: number): Promise<number>;
  /** The answered question most often asked since then by at least two people (never one person's). */
  mostAskedSince(since: Date): Promise<{ question: string; count: number } | undefined>;
}

export function createAnswerLog(db: Queryable): AnswerLog {
  return {
    async mostAskedSince(since) {
      const rows = await db.query<{ question: string; count: string }>(
        `SELECT min(question) AS question, count(*) AS count FROM bot_answers
          WHERE created_at >= $1 AND outcome = 'answered'
          GROUP BY lower(trim(question)) HAVING count(DISTINCT user_hash) >= 2
          ORDER BY count(*) DESC, min(question) LIMIT 1`,
        [since.toISOString()],
      );
      return rows[0] ? { question: rows[0].question, count: Number(rows[0].count) } : undefined;
    },
    async record(entry) {
      const rows = await db.query<{ id: string }>(
        `INSERT INTO bot_answers
           (platform, community_id, chat_id, thread_id, user_hash, parent_id, question, answer, sources, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING id`,
        [
          entry.platform,
          entry.communityId,
          entry.chatId,
          entry.threadId ?? '',
          entry.userHash,
          entry.parentId ?? null,
          entry.question,
          entry.answer,
          JSON.stringify(entry.sources),
          entry.outcome,
        ],
      );
      return Number(rows[0]?.id);
    },

    async listGaps({ scope, days, limit }) {
      const rows = await db.query<{
        question: string;
        unanswered: string;
        downvoted: string;
        total: string;
        last_asked_at: Date | string;
      }>(
        `WITH recent AS (
           SELECT a.question, a.created_at,
                  a.outcome IN ('abstained', 'failed') AS unanswered,
                  EXISTS (SELECT 1 FROM bot_feedback f WHERE f.answer_id = a.id AND f.vote = -1) AS downvoted
             FROM bot_answers a
            WHERE a.created_at > now() - make_interval(days => $1::int)
              AND ($2::text IS NULL OR (a.platform = $2::text AND a.community_id = $3::text))
         )
         SELECT min(question) AS question,
                count(*) FILTER (WHERE unanswered) AS unanswered,
                count(*) FILTER (WHERE downvoted) AS downvoted,
                count(*) AS total,
                max(created_at) AS last_asked_at
           FROM recent
          WHERE unanswered OR downvoted
          GROUP BY btrim(regexp_replace(lower(question), '[^[:alnum:]]+', ' ', 'g'))
          ORDER BY count(*) DESC, max(created_at) DESC
          LIMIT $4::int`,
        [days, scope?.platform ?? null, scope?.communityId ?? null, limit],
      );
      return rows.map((row) => ({
        question: row.question,
        unanswered: Number(row.unanswered),
        downvoted: Number(row.downvoted),
        total: Number(row.total),
        lastAskedAt: new Date(row.last_asked_at).toISOString(),
      }));
    },

    async forgetUser(userHash) {
      const rows = await db.query('DELETE FROM bot_answers WHERE user_hash = $1 RETURNING id', [userHash]);
      return rows.length;
    },

    async purgeOlderThan(days) {
      const rows = await db.query(
        'DELETE FROM bot_answers WHERE created_at < now() - make_interval(days => $1::int) RETURNING id',
        [days],
      );
      return rows.length;
    },
  };
}
