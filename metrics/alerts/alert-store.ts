import type { ChannelRef } from '../../chat/chat-adapter.ts';
import type { Queryable } from '../../db/database.ts';
import type { AlertCondition, AlertRule, AlertRuleSpec } from './alert-rules.ts';
import { forgetCreator } from '../../delivery/forget-creator.ts';
import { toChannelRef } from '../../delivery/channel-row.ts';

export interface StoredRule extends AlertRule {
  channel: ChannelRef;
  scope: 'channel' | 'personal';
  createdBy: string;
  disabledReason?: string;
  disabled: boolean;
}

export interface NewRule extends AlertRuleSpec {
  channel: ChannelRef;
  scope: 'channel' | 'personal';
  /** Hashed user id of whoever created it. */
  createdBy: string;
}

export interface AlertStore {
  create(rule: NewRule): Promise<StoredRule>;
  get(id: string): Promise<StoredRule | undefined>;
  /** Rules posting to this chat (all of them, disabled ones included, so moderators see why). */
  listForChannel(channel: ChannelRef): Promise<StoredRule[]>;
  remove(id: string, channel: ChannelRef): Promise<boolean>;
  mute(id: string, channel: ChannelRef, until: Date): Promise<boolean>;
  enabledForMetrics(metrics: readonly string[]): Promise<StoredRule[]>;
  enabledStaleRules(): Promise<StoredRule[]>;
  /** Saves a firing only if the rule is still armed: of two evaluators, one wins. */
  markFired(id: string, at: Date, tx?: Queryable): Promise<boolean>;
  rearm(id: string): Promise<void>;
  disable(id: string, reason: string): Promise<void>;
  /** /forget: deletes the user's personal rules and anonymises the channel rules they created. */
  forgetCreator(createdBy: string): Promise<number>;
}

interface RuleRow {
  id: string;
  platform: string;
  chat_id: string;
  thread_id: string;
  scope: 'channel' | 'personal';
  created_by: string;
  metric: string;
  condition: AlertCondition | string;
  cooldown_seconds: number;
  rearm_margin: number;
  armed: boolean;
  last_fired_at: Date | string | null;
  muted_until: Date | string | null;
  disabled_at: Date | string | null;
  disabled_reason: string | null;
}

const COLUMNS = `id::text AS id, platform, chat_id, thread_id, scope, created_by, metric, condition, cooldown_seconds,
  rearm_margin, armed, last_fired_at, muted_until, disabled_at, disabled_reason`;

export function createAlertStore(db: Queryable): AlertStore {
  const one = async (sql: string, params: unknown[]) => {
    const rows = await db.query<RuleRow>(sql, params);
    return rows[0] ? toRule(rows[0]) : undefined;
  };
  return {
    async create(rule) {
      const created = await one(
        `INSERT INTO alert_rules (platform, chat_id, thread_id, scope, created_by, metric, condition, cooldown_seconds, rearm_margin)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          rule.channel.platform,
          rule.channel.chatId,
          rule.channel.threadId ?? '',
          rule.scope,
          rule.createdBy,
          rule.metric,
          JSON.stringify(rule.condition),
          Math.round(rule.cooldownMs / 1000),
          rule.rearmMargin,
        ],
      );
      return created!;
    },
    get: (id) => one(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1`, [toId(id)]),
    async listForChannel(channel) {
      const rows = await db.query<RuleRow>(
        `SELECT ${COLUMNS} FROM alert_rules WHERE platform = $1 AND chat_id = $2 ORDER BY alert_rules.id`,
        [channel.platform, channel.chatId],
      );
      return rows.map(toRule);
    },
    async remove(id, channel) {
      const rows = await db.query(
        'DELETE FROM alert_rules WHERE id = $1 AND platform = $2 AND chat_id = $3 RETURNING 1',
        [toId(id), channel.platform, channel.chatId],
      );
      return rows.length > 0;
    },
    async mute(id, channel, until) {
      const rows = await db.query(
        'UPDATE alert_rules SET muted_until = $4 WHERE id = $1 AND platform = $2 AND chat_id = $3 RETURNING 1',
        [toId(id), channel.platform, channel.chatId, until.toISOString()],
      );
      return rows.length > 0;
    },
    async enabledForMetrics(metrics) {
      const rows = await db.query<RuleRow>(
        `SELECT ${COLUMNS} FROM alert_rules WHERE disabled_at IS NULL AND metric = ANY($1::text[])`,
        [[...metrics]],
      );
      return rows.map(toRule);
    },
    async enabledStaleRules() {
      const rows = await db.query<RuleRow>(
        `SELECT ${COLUMNS} FROM alert_rules WHERE disabled_at IS NULL AND condition->>'kind' = 'stale'`,
      );
      return rows.map(toRule);
    },
    async markFired(id, at, tx = db) {
      const rows = await tx.query(
        'UPDATE alert_rules SET armed = false, last_fired_at = $2 WHERE id = $1 AND armed RETURNING 1',
        [toId(id), at.toISOString()],
      );
      return rows.length > 0;
    },
    async rearm(id) {
      await db.query('UPDATE alert_rules SET armed = true WHERE id = $1', [toId(id)]);
    },
    async disable(id, reason) {
      await db.query(
        'UPDATE alert_rules SET disabled_at = now(), disabled_reason = $2 WHERE id = $1 AND disabled_at IS NULL',
        [toId(id), reason.slice(0, 300)],
      );
    },
    forgetCreator: (createdBy) => forgetCreator(db, 'alert_rules', createdBy),
  };
}

/** Rule ids are bigserial; anything else typed by a user simply matches nothing. */
function toId(id: string): string {
  return /^\d{1,18}$/.test(id) ? id : '0';
}

function toRule(row: RuleRow): StoredRule {
  return {
    id: row.id,
    channel: toChannelRef(row),
    scope: row.scope,
    createdBy: row.created_by,
    metric: row.metric,
    condition:
      typeof row.condition === 'string' ? (JSON.parse(row.condition) as AlertCondition) : row.condition,
    cooldownMs: Number(row.cooldown_seconds) * 1000,
    rearmMargin: Number(row.rearm_margin),
    armed: row.armed,
    ...(row.last_fired_at ? { lastFiredAt: new Date(row.last_fired_at) } : {}),
    ...(row.muted_until ? { mutedUntil: new Date(row.muted_until) } : {}),
    disabled: row.disabled_at !== null,
    ...(row.disabled_reason ? { disabledReason: row.disabled_reason } : {}),
  };
}
