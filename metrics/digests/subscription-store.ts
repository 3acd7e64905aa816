import type { ChannelRef } from '../../chat/chat-adapter.ts';
import type { Queryable } from '../../db/database.ts';
import type { Network } from '../../retrieval/networks.ts';
import { scheduleKey } from './digest-schedule.ts';
import { forgetCreator } from '../../delivery/forget-creator.ts';
import { toChannelRef } from '../../delivery/channel-row.ts';

export interface Subscription {
  id: string;
  channel: ChannelRef;
  createdBy: string;
  localTime: string;
  timeZone: string;
  /** Empty means every network. */
  networks: Network[];
  active: boolean;
  /** When it joined its current schedule; runs due before that are not its. */
  scheduledSince: Date;
}

export interface SubscriptionInput {
  channel: ChannelRef;
  /** 'personal' in a private chat, 'channel' when a moderator set it for a group or channel. */
  scope?: 'personal' | 'channel';
  createdBy: string;
  localTime: string;
  timeZone: string;
  networks: Network[];
}

export interface SubscriptionStore {
  /** One subscription per chat (and thread): subscribing again changes it. */
  upsert(input: SubscriptionInput, now: Date): Promise<Subscription>;
  get(channel: ChannelRef): Promise<Subscription | undefined>;
  getById(id: string): Promise<Subscription | undefined>;
  /**
   * For each request, the subscription and whether the ledger already holds `item` for its chat
   * (undefined when the subscription is gone): one query for a whole batch of sends.
   */
  getManyForDelivery(requests: readonly DeliveryRequest[]): Promise<(DeliveryState | undefined)[]>;
  unsubscribe(channel: ChannelRef, reason: string): Promise<boolean>;
  /** Schedules (local time + zone) with at least one active subscriber. */
  activeSchedules(): Promise<string[]>;
  /** Active subscribers of a schedule who were on it by `dueAt`, in id order, after `afterId`. */
  recipients(schedule: string, dueAt: Date, afterId: string, limit: number): Promise<Subscription[]>;
  /** /forget: deletes the user's own subscriptions and anonymises the channels' they set up. */
  forgetCreator(createdBy: string): Promise<number>;
}

export interface DeliveryRequest {
  id: string;
  item: string;
}

export interface DeliveryState {
  subscription: Subscription;
  delivered: boolean;
}

interface Row {
  id: string;
  platform: string;
  chat_id: string;
  thread_id: string;
  created_by: string;
  local_time: string;
  timezone: string;
  networks: string[];
  active: boolean;
  updated_at: Date | string;
}

const COLUMNS =
  'id::text AS id, platform, chat_id, thread_id, created_by, local_time, timezone, networks, active, updated_at';

export function createSubscriptionStore(db: Queryable): SubscriptionStore {
  return {
    async upsert(input, now) {
      // updated_at moves only when the schedule changes, so today's run of the old schedule stays done.
      const rows = await db.query<Row>(
        `INSERT INTO subscriptions (platform, chat_id, thread_id, created_by, local_time, timezone, networks, updated_at, scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (platform, chat_id, thread_id) DO UPDATE SET
           created_by = excluded.created_by, scope = excluded.scope, networks = excluded.networks, active = true, unsubscribed_reason = NULL,
           local_time = excluded.local_time, timezone = excluded.timezone,
           updated_at = CASE WHEN subscriptions.active AND subscriptions.local_time = excluded.local_time
                              AND subscriptions.timezone = excluded.timezone
                             THEN subscriptions.updated_at ELSE excluded.updated_at END
         RETURNING ${COLUMNS}`,
        [
          input.channel.platform,
          input.channel.chatId,
          input.channel.threadId ?? '',
          input.createdBy,
          input.localTime,
          input.timeZone,
          input.networks,
          now.toISOString(),
          input.scope ?? 'personal',
        ],
      );
      return toSubscription(rows[0]!);
    },
    async get(channel) {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM subscriptions WHERE platform = $1 AND chat_id = $2 AND thread_id = $3`,
        [channel.platform, channel.chatId, channel.threadId ?? ''],
      );
      return rows[0] ? toSubscription(rows[0]) : undefined;
    },
    async getById(id) {
      const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
      return rows[0] ? toSubscription(rows[0]) : undefined;
    },
    async getManyForDelivery(requests) {
      if (requests.length === 0) return [];
      // recipient is delivery-ledger.ts's recipientKey(): platform:chat:thread. A lateral lookup, not
      // EXISTS: without statistics (PGlite) the planner hashed the whole ledger for every batch.
      const rows = await db.query<Row & { item: string; delivered: boolean }>(
        `SELECT ${COLUMNS}, r.item, ledger.hit IS NOT NULL AS delivered
           FROM subscriptions JOIN unnest($1::bigint[], $2::text[]) AS r(subscription_id, item)
             ON subscriptions.id = r.subscription_id
           LEFT JOIN LATERAL (SELECT true AS hit FROM deliveries d
                 WHERE d.recipient = platform || ':' || chat_id || ':' || thread_id AND d.item = r.item
                 LIMIT 1) AS ledger ON true`,
        [requests.map((request) => request.id), requests.map((request) => request.item)],
      );
      const found = new Map(
        rows.map((row) => [
          `${row.id}|${row.item}`,
          { subscription: toSubscription(row), delivered: row.delivered },
        ]),
      );
      return requests.map((request) => found.get(`${request.id}|${request.item}`));
    },
    async unsubscribe(channel, reason) {
      const rows = await db.query(
        `UPDATE subscriptions SET active = false, unsubscribed_reason = $4, updated_at = now()
          WHERE platform = $1 AND chat_id = $2 AND thread_id = $3 AND active RETURNING 1`,
        [channel.platform, channel.chatId, channel.threadId ?? '', reason.slice(0, 300)],
      );
      return rows.length > 0;
    },
    async activeSchedules() {
      const rows = await db.query<{ local_time: string; timezone: string }>(
        'SELECT DISTINCT local_time, timezone FROM subscriptions WHERE active',
      );
      return rows.map((row) => scheduleKey(row.local_time, row.timezone));
    },
    async recipients(schedule, dueAt, afterId, limit) {
      const at = schedule.indexOf('@');
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM subscriptions
          WHERE active AND local_time = $1 AND timezone = $2 AND updated_at <= $3 AND id > $4::bigint
          ORDER BY subscriptions.id LIMIT $5`,
        [schedule.slice(0, at), schedule.slice(at + 1), dueAt.toISOString(), afterId, limit],
      );
      return rows.map(toSubscription);
    },
    forgetCreator: (createdBy) => forgetCreator(db, 'subscriptions', createdBy),
  };
}

function toSubscription(row: Row): Subscription {
  return {
    id: row.id,
    channel: toChannelRef(row),
    createdBy: row.created_by,
    localTime: row.local_time,
    timeZone: row.timezone,
    networks: row.networks as Network[],
    active: row.active,
    scheduledSince: new Date(row.updated_at),
  };
}
