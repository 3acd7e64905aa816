import type { ChannelRef, Platform } from '../../chat/chat-adapter.ts';
import type { Command, OptionSpec, SubcommandSpec } from '../../chat/command.ts';
import { textReply, type Reply } from '../../chat/reply.ts';
import { buildAlertReply } from './alert-message.ts';
import { describeCondition, parseAlertRule } from './alert-rules.ts';
import type { AlertStore, StoredRule } from './alert-store.ts';
import { CATALOGUE, getMetric } from '../series/catalogue.ts';
import { formatDuration, parseDuration } from '../series/durations.ts';
import { formatTime } from '../../lib/format-time.ts';
import { formatValue } from '../series/format.ts';
import { suggestMetrics } from '../series/metric-names.ts';
import { readMetric, type ReadingDeps } from '../series/readings.ts';

export interface AlertCommandContext {
  channel: ChannelRef;
  chatKind: 'private' | 'group';
  /** Hashed id of the user running the command. */
  userHash: string;
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

/** Discord autocomplete for the metric name: catalogue ids and aliases closest to what was typed. */
export function autocompleteMetric(typed: string): string[] {
  if (typed.trim() === '')
    return CATALOGUE.filter((metric) => metric.key)
      .map((metric) => metric.id)
      .slice(0, 25);
  return suggestMetrics(typed, 25);
}

const alertId: OptionSpec = {
  name: 'id',
  description: 'The alert number from /alert list',
  required: true,
  type: 'integer',
};

const alertSubcommands: readonly SubcommandSpec[] = [
  {
    name: 'add',
    description: 'Post here when a metric crosses a threshold, changes fast or goes stale',
    options: [
      {
        name: 'metric',
        description: 'e.g. akash.gpu.available or AKT price',
        required: true,
        autocomplete: autocompleteMetric,
      },
      {
        name: 'condition',
        description: 'above 100 · below 50 · change -10% 24h · stale 30 [cooldown 6h] [margin 5%]',
        required: true,
      },
    ],
  },
  { name: 'list', description: 'The alerts of this chat', options: [], permission: 'everyone' },
  { name: 'remove', description: 'Delete an alert', options: [alertId] },
  {
    name: 'mute',
    description: 'Silence an alert for a while',
    options: [alertId, { name: 'duration', description: 'e.g. 6h, 2d, or off', required: true }],
  },
  { name: 'test', description: 'Show what an alert would post', options: [alertId] },
];

export interface AlertCommandDeps {
  alerts: AlertStore;
  readings: ReadingDeps;
  hashUser(platform: Platform, userId: string): string;
}

/**
 * `/alert add|list|remove|mute|test`. In a group only moderators change rules (anyone may list
 * them); in a private chat each user manages personal alerts. The router checks that, from the spec.
 */
export function createAlertCommand(deps: AlertCommandDeps): Command {
  return {
    spec: {
      name: 'alert',
      description: 'Metric alerts: moderators for a group, anyone for themselves in a private chat',
      subcommands: alertSubcommands,
      permission: 'moderators-in-groups',
      privateReply: false,
    },
    async run(event) {
      const reply = await handleAlertCommand(event.text, {
        channel: event.channel,
        chatKind: event.chatKind,
        userHash: deps.hashUser(event.platform, event.userId),
        alerts: deps.alerts,
        readings: deps.readings,
      });
      return { reply };
    },
  };
}

/** `/alert ...` once the router has allowed it: parses the subcommand and builds the reply. */
export async function handleAlertCommand(args: string, context: AlertCommandContext): Promise<Reply> {
  const [sub = 'help', ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const action = sub.toLowerCase();
  if (action === 'list') return listRules(context);
  if (!['add', 'remove', 'mute', 'test'].includes(action)) return textReply(ALERT_USAGE);
  switch (action) {
    case 'add':
      return addRule(rest.join(' '), context);
    case 'remove':
      return (await context.alerts.remove(rest[0] ?? '', context.channel))
        ? textReply(`Alert #${rest[0]} removed.`)
        : textReply(`There is no alert #${rest[0] ?? '?'} in this chat. /alert list shows them.`);
    case 'mute':
      return muteRule(rest, context);
    default:
      return testRule(rest[0] ?? '', context);
  }
}

async function addRule(spec: string, context: AlertCommandContext): Promise<Reply> {
  const parsed = parseAlertRule(spec);
  if (!parsed.ok) return textReply(parsed.reason);
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
  return textReply(
    `Alert #${rule.id} set: ${describeRule(rule)}.${now}`,
    `Mute it with /alert mute ${rule.id} 6h, remove it with /alert remove ${rule.id}.`,
  );
}

async function listRules(context: AlertCommandContext): Promise<Reply> {
  const rules = await context.alerts.listForChannel(context.channel);
  if (rules.length === 0) return textReply('No alerts in this chat. ' + ALERT_USAGE.split('\n')[0]);
  const now = context.readings.clock.now();
  const lines = rules.map((rule) => {
    const state = rule.disabled
      ? ` · DISABLED (${rule.disabledReason ?? 'unknown reason'})`
      : rule.mutedUntil && rule.mutedUntil > now
        ? ` · muted until ${formatTime(rule.mutedUntil)}`
        : '';
    return `#${rule.id} ${describeRule(rule)}${state}`;
  });
  return textReply(`Alerts in this chat:\n${lines.join('\n')}`);
}

async function muteRule(args: string[], context: AlertCommandContext): Promise<Reply> {
  const [id = '', duration = ''] = args;
  const ms = duration.toLowerCase() === 'off' ? 0 : parseDuration(duration);
  if (ms === undefined) return textReply('Mute for how long? e.g. /alert mute 12 6h (or "off" to unmute).');
  const until = new Date(context.readings.clock.now().getTime() + ms);
  if (!(await context.alerts.mute(id, context.channel, until)))
    return textReply(`There is no alert #${id} in this chat.`);
  return textReply(ms === 0 ? `Alert #${id} unmuted.` : `Alert #${id} muted until ${formatTime(until)}.`);
}

async function testRule(id: string, context: AlertCommandContext): Promise<Reply> {
  const rule = await context.alerts.get(id);
  if (
    !rule ||
    rule.channel.platform !== context.channel.platform ||
    rule.channel.chatId !== context.channel.chatId
  ) {
    return textReply(`There is no alert #${id} in this chat.`);
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
