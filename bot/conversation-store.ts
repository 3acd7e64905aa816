import type { Queryable } from '../db/database.ts';
import type { ChannelRef, Platform } from '../chat/chat-adapter.ts';

/** Reply-chain context lives a day; an unprompted follow-up (same thread or DM) must come sooner. */
const CONTEXT_TTL_HOURS = 24;
const FOLLOW_UP_WINDOW_MINUTES = 30;
/** Bounded context: at most this many previous turns, each answer cut to this many characters. */
const MAX_TURNS = 3;
const MAX_ANSWER_CHARS = 1_500;

export interface Turn {
  question: string;
  answer: string;
}

export interface ContextQuery {
  platform: Platform;
  chatId: string;
  threadId?: string;
  userHash: string;
  isPrivate: boolean;
  replyToMessageId?: string;
}

export interface Conversation {
  /** The answer this question follows up. */
  parentId: number;
  /** Oldest first, the parent last. */
  history: Turn[];
}

export interface ConversationStore {
  /** Links the messages an answer was sent as to it, so replies to them are follow-ups. */
  remember(answerId: number, channel: ChannelRef, messageIds: string[]): Promise<void>;
  /**
   * A reply to one of the bot's answers continues that answer's chain; otherwise, in a thread or a
   * private chat, the latest recent answer there does. Group messages without a reply start fresh.
   */
  find(query: ContextQuery): Promise<Conversation | undefined>;
  purgeExpired(): Promise<number>;
}

export function createConversationStore(db: Queryable): ConversationStore {
  async function findParentId(query: ContextQuery): Promise<number | undefined> {
    if (query.replyToMessageId !== undefined) {
      const rows = await db.query<{ answer_id: string }>(
        `SELECT answer_id FROM bot_answer_messages
          WHERE platform = $1 AND chat_id = $2 AND message_id = $3 AND expires_at > now()`,
        [query.platform, query.chatId, query.replyToMessageId],
      );
      return rows[0] ? Number(rows[0].answer_id) : undefined;
    }
    if (query.threadId === undefined && !query.isPrivate) return undefined;
    const rows = await db.query<{ id: string }>(
      `SELECT id FROM bot_answers
        WHERE platform = $1 AND chat_id = $2 AND thread_id = $3
          AND ($4::boolean OR user_hash = $5)
          AND outcome <> 'failed'
          AND created_at > now() - make_interval(mins => $6::int)
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [
        query.platform,
        query.chatId,
        query.threadId ?? '',
        query.threadId !== undefined,
        query.userHash,
        FOLLOW_UP_WINDOW_MINUTES,
      ],
    );
    return rows[0] ? Number(rows[0].id) : undefined;
  }

  return {
    async remember(answerId, channel, messageIds) {
      for (const messageId of messageIds) {
        await db.query(
          `INSERT INTO bot_answer_messages (platform, chat_id, message_id, answer_id, expires_at)
           VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5::int))
           ON CONFLICT (platform, chat_id, message_id)
           DO UPDATE SET answer_id = EXCLUDED.answer_id, expires_at = EXCLUDED.expires_at`,
          [channel.platform, channel.chatId, messageId, answerId, CONTEXT_TTL_HOURS],
        );
      }
    },

    async find(query) {
      const parentId = await findParentId(query);
      if (parentId === undefined) return undefined;
      const rows = await db.query<{ question: string; answer: string }>(
        `WITH RECURSIVE chain AS (
           SELECT id, parent_id, question, answer, created_at, 1 AS depth FROM bot_answers WHERE id = $1
           UNION ALL
           SELECT a.id, a.parent_id, a.question, a.answer, a.created_at, chain.depth + 1
             FROM bot_answers a JOIN chain ON a.id = chain.parent_id
            WHERE chain.depth < $2
         )
         SELECT question, answer FROM chain
          WHERE answer <> '' AND created_at > now() - make_interval(hours => $3::int)
          ORDER BY depth DESC`,
        [parentId, MAX_TURNS, CONTEXT_TTL_HOURS],
      );
      if (rows.length === 0) return undefined;
      const history = rows.map((row) => ({
        question: row.question,
        answer: row.answer.slice(0, MAX_ANSWER_CHARS),
      }));
      return { parentId, history };
    },

    async purgeExpired() {
      const rows = await db.query(
        'DELETE FROM bot_answer_messages WHERE expires_at <= now() RETURNING answer_id',
      );
      return rows.length;
    },
  };
}
