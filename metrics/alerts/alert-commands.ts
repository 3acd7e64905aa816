import type { ChannelRef } from '../../chat/chat-adapter.ts';
import type { Reply } from '../../chat/reply.ts';
import { buildAlertReply } from './alert-message.ts';
import { describeCondition, parseAlertRule } from './alert-rules.ts';
import type { AlertStore, StoredRule } from './alert-store.ts';
import { getMetric } from '../series/catalogue.ts';
import { formatDuration, parseDuration } from '../series/durations.ts';
import { formatTime, formatValue } from '../series/format.ts';
import { readMetric, type ReadingDeps } from '../series/readings.ts';

export interface AlertCommandContext {
  channel: ChannelRef;
  chatKind: 'private' | 'group';
  /** Hashed id of the user running the command. */
  userHash: string;
  isModerator(): Promise<boolean>;
  alerts: AlertStore;
  readings: ReadingDeps;
}

export const ALERT_USAGE = [
  '/alert add <metric> above|below <value> [cooldown 6h] [margin 5%]',
  '/alert add <metric> change <±X%> <1h|24h|7d>',
  '/alert add <metric> stale <minutes>',
  '/alert list · /alert remove <id> · /alert mute <id> <duration|off> · /alert test <id>',
  'Examples: /alert add akash.gpu.available below 50 · /alert add AKT price change -10% 24h',
].join('\n');

const text = (...blocks: string[]): Reply => ({ blocks, sources: [], buttons: [] });

/**
 * `/alert ...` for both platforms. In a group only moderators change rules (anyone may list them);
 * in a private chat each user manages personal alerts for themselves.
 */
export async function handleAlertCommand(args: string, context: AlertCommandContext): Promise<Reply> {
  const [sub = 'help', ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const action = sub.toLowerCase();
  if (action === 'list') return listRules(context);
  if (!['add', 'remove', 'mute', 'test'].includes(action)) return text(ALERT_USAGE);
  if (context.chatKind === 'group' && !(await context.isModerator())) {
    return {
      ...text(
        "Only moderators can change this chat's alerts. In a private chat with me you can set your own.",
      ),
      private: true,
    };
  }
  switch (action) {
    case 'add':
      return addRule(rest.join(' '), context);
    case 'remove':
      return (await context.alerts.remove(rest[0] ?? '', context.channel))
        ? text(`Alert #${rest[0]} removed.`)
        : text(`There is no alert #${rest[0] ?? '?'} in this chat. /alert list shows them.`);
    case 'mute':
      return muteRule(rest, context);
    default:
      return testRule(rest[0] ?? '', context);
  }
}

async function addRule(spec: string, context: AlertCommandContext): Promise<Reply> {
  const parsed = parseAlertRule(spec);
  if (!parsed.ok) return text(parsed.reason);
  const rule = await context.alerts.create({
    ...parsed.value,
    channel: context.channel,
    scope: context.chatKind === 'private' ? 'personal' : 'channel',
    createdBy: context.userHash,
  });
  const reading = await readMetric(parsed.value.definition, context.readings);
  const now = reading
    ? ` Now: ${formatValue(reading.value, parsed.value.definition.unit)} (observed ${formatTime(reading.observedAt)}${reading.sample ? ', sample data' : ''}).`
    : ' No data for it yet.';
  return text(
    `Alert #${rule.id} set: ${describeRule(rule)}.${now}`,
    `Mute it with /alert mute ${rule.id} 6h, remove it with /alert remove ${rule.id}.`,
  );
}

async function listRules(context: AlertCommandContext): Promise<Reply> {
  const rules = await context.alerts.listForChannel(context.channel);
  if (rules.length === 0) return text('No alerts in this chat. ' + ALERT_USAGE.split('\n')[0]);
  const now = context.readings.clock.now();
  const lines = rules.map((rule) => {
    const state = rule.disabled
      ? ` · DISABLED (${rule.disabledReason ?? 'unknown reason'})`
      : rule.mutedUntil && rule.mutedUntil > now
        ? ` · muted until ${formatTime(rule.mutedUntil)}`
        : '';
    return `#${rule.id} ${describeRule(rule)}${state}`;
  });
  return text(`Alerts in this chat:\n${lines.join('\n')}`);
}

async function muteRule(args: string[], context: AlertCommandContext): Promise<Reply> {
  const [id = '', duration = ''] = args;
  const ms = duration.toLowerCase() === 'off' ? 0 : parseDuration(duration);
  if (ms === undefined) return text('Mute for how long? e.g. /alert mute 12 6h (or "off" to unmute).');
  const until = new Date(context.readings.clock.now().getTime() + ms);
  if (!(await context.alerts.mute(id, context.channel, until)))
    return text(`There is no alert #${id} in this chat.`);
  return text(ms === 0 ? `Alert #${id} unmuted.` : `Alert #${id} muted until ${formatTime(until)}.`);
}

async function testRule(id: string, context: AlertCommandContext): Promise<Reply> {
  const rule = await context.alerts.get(id);
  if (
    !rule ||
    rule.channel.platform !== context.channel.platform ||
    rule.channel.chatId !== context.channel.chatId
  ) {
    return text(`There is no alert #${id} in this chat.`);
  }
  const definition = getMetric(rule.metric);
  const reading = definition ? await readMetric(definition, context.readings) : undefined;
  const preview = buildAlertReply(
    {
      ruleId: rule.id,
      metric: rule.metric,
      condition: rule.condition,
      ...(reading
        ? {
            value: reading.value,
            observedAt: reading.observedAt,
            source: reading.source,
            changePercent: reading.change24h,
          }
        : {}),
      firedAt: context.readings.clock.now(),
    },
    reading,
  );
  return {
    ...preview,
    blocks: ['Preview: this is what alert #' + rule.id + ' posts when it fires.', ...preview.blocks],
  };
}

function describeRule(rule: StoredRule): string {
  const definition = getMetric(rule.metric);
  const format = (value: number) => (definition ? formatValue(value, definition.unit) : String(value));
  const options =
    rule.condition.kind === 'stale'
      ? ''
      : ` (cooldown ${formatDuration(rule.cooldownMs)}, re-arm margin ${Math.round(rule.rearmMargin * 100)} %)`;
  return `${definition?.label ?? rule.metric} ${describeCondition(rule.condition, format)}${options}${rule.scope === 'personal' ? ' · personal' : ''}`;
}
